/**
 * Music: write lyrics, turn them into a song (URL result, downloaded by save()), stream an
 * instrumental straight to disk, and cover the song with new words.
 *
 *   MINIMAX_API_KEY=... npx tsx examples/music.ts
 */
import MiniMax from 'minimax-sdk';

const client = new MiniMax();

const written = await client.music.generateLyrics({
  mode: 'write_full_song',
  prompt: 'A summer road trip with friends',
});
console.log(`"${written.song_title}" (${written.style_tags})\n${written.lyrics}\n`);

const song = await client.music.generate({ prompt: written.style_tags, lyrics: written.lyrics });
console.log(`${Math.round(song.duration / 1000)} s of ${song.format} at ${song.url}`);
console.log('saved to', await song.save('out/song.mp3'));

const stream = client.music.generateStream({
  prompt: 'Lo-fi hip hop beat, rainy night',
  is_instrumental: true,
});
console.log('streamed to', await stream.save('out/beat.mp3'));

// A cover: analyse a song, change its words, sing them in a new style.
const original = await client.music.coverPreprocess({ audio: 'out/song.mp3' });
console.log(`${original.audio_duration} s: ${original.structure.map((s) => s.label).join(' → ')}`);
const cover = await client.music.generate({
  model: 'music-cover',
  cover_feature_id: original.cover_feature_id,
  lyrics: original.formatted_lyrics.replaceAll('summer', 'winter'),
  prompt: 'Acoustic folk, warm male vocals',
});
console.log('cover saved to', await cover.save('out/cover.mp3'));
