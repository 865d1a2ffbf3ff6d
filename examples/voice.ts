/**
 * Voices: list them, design one from a description, clone one from a sample, then delete both.
 * Cloning and design need a pay-as-you-go balance.
 *
 *   MINIMAX_API_KEY=... npx tsx examples/voice.ts path/to/10-seconds-of-you.mp3
 */
import MiniMax, { VoiceDuplicateError } from 'minimax-sdk';

const client = new MiniMax();

const { system_voice } = await client.voice.list({ voice_type: 'system' });
console.log(`${system_voice.length} system voices, e.g. ${system_voice[0]?.voice_id}`);

const designed = await client.voice.design({
  prompt: 'A warm, slow narrator with a low, calm voice',
  preview_text: 'Once upon a time, in a quiet town by the sea.',
});
console.log('designed voice:', designed.voice_id);
if (designed.trial_audio)
  console.log('trial saved to', await designed.trial_audio.save('out/designed-trial.mp3'));

const samplePath = process.argv[2];
if (samplePath) {
  const sample = await client.voice.uploadAudio({ file: samplePath });
  try {
    const cloned = await client.voice.clone({
      file_id: sample.file_id,
      voice_id: `MyVoice${Date.now()}`,
      text: 'Hello! This is my cloned voice.',
      model: 'speech-2.8-hd',
      need_noise_reduction: true,
    });
    console.log('cloned voice:', cloned.voice_id, 'preview:', cloned.demo_audio);
    await client.voice.delete({ voice_id: cloned.voice_id, voice_type: 'voice_cloning' });
  } catch (error) {
    if (error instanceof VoiceDuplicateError) console.error('That voice id is taken.');
    else throw error;
  }
}

await client.voice.delete({ voice_id: designed.voice_id, voice_type: 'voice_generation' });
