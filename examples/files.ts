/**
 * Files: upload a sample, list, describe, download and delete it.
 *
 *   MINIMAX_API_KEY=... npx tsx examples/files.ts path/to/sample.mp3
 */
import MiniMax from 'minimax-sdk';

const client = new MiniMax();
const path = process.argv[2] ?? 'sample.mp3';

const uploaded = await client.files.upload({ file: path, purpose: 'voice_clone' });
console.log(`uploaded ${uploaded.filename} as file ${uploaded.file_id} (${uploaded.bytes} bytes)`);

for (const file of await client.files.list({ purpose: 'voice_clone' })) {
  console.log(`  ${file.file_id}  ${file.filename}  ${new Date(file.created_at * 1000).toISOString()}`);
}

const info = await client.files.retrieve({ file_id: uploaded.file_id });
console.log('temporary download URL:', info.download_url);

const bytes = await client.files.retrieveContent({ file_id: uploaded.file_id });
console.log(`downloaded ${bytes.byteLength} bytes`);

await client.files.delete({ file_id: uploaded.file_id, purpose: 'voice_clone' });
console.log('deleted');
