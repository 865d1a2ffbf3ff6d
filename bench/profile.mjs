#!/usr/bin/env node
/**
 * Profiles one contender of one case, for diagnosing a missed target:
 *
 *   node --cpu-prof --cpu-prof-dir=bench/results bench/profile.mjs text.stream ours
 *   node bench/prof-summary.mjs bench/results/CPU.*.cpuprofile
 *
 * Contenders: ours | raw | anthropic | openai (where the case has it). The server runs in its own process,
 * so the profile holds only the client. Sizes follow BENCH_SCALE (default 1); REPEAT sets how many
 * times the workload runs (default 5).
 */
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHAT_PARAMS } from './cases/chat.mjs';
import { oursTTS, oursTTSStreamToFile, TEXT } from './cases/speech.mjs';
import { PARAMS } from './cases/text.mjs';
import { loadAnthropic, loadOpenAI, loadSDK, MiB, now, scaled } from './lib.mjs';
import {
  API_KEY,
  rawPostJSON,
  rawSSE,
  rawTTS,
  rawTTSStreamToFile,
  rawWebSocketSession,
  WS_TASK,
} from './raw.mjs';
import { startServer } from './server.mjs';

const [caseName = 'text.stream', who = 'ours'] = process.argv.slice(2);
const scale = Number(process.env.BENCH_SCALE ?? 1) || 1;
const repeat = Number(process.env.REPEAT ?? 5) || 5;

const server = await startServer();
const url = server.url;
const MiniMax = who === 'ours' ? await loadSDK() : undefined;
const Anthropic = who === 'anthropic' ? await loadAnthropic() : undefined;
const OpenAI = who === 'openai' ? await loadOpenAI() : undefined;

async function workload() {
  switch (caseName) {
    case 'text.create': {
      const base = `${url}/n0`;
      const calls = scaled(2000, scale, 2);
      const ours = MiniMax && new MiniMax({ apiKey: API_KEY, baseURL: base });
      const anthropic = Anthropic && new Anthropic({ apiKey: API_KEY, baseURL: `${base}/anthropic` });
      for (let i = 0; i < calls; i++) {
        if (ours) await ours.text.create(PARAMS);
        else if (anthropic) await anthropic.messages.create(PARAMS);
        else await rawPostJSON(`${base}/anthropic/v1/messages`, PARAMS);
      }
      return;
    }
    case 'text.stream': {
      const base = `${url}/n${scaled(50_000, scale, 10)}`;
      if (MiniMax) {
        for await (const _ of new MiniMax({ apiKey: API_KEY, baseURL: base }).text.createStream(PARAMS)) {
          // consume
        }
      } else if (Anthropic) {
        const anthropic = new Anthropic({ apiKey: API_KEY, baseURL: `${base}/anthropic` });
        for await (const _ of await anthropic.messages.create({ ...PARAMS, stream: true })) {
          // consume
        }
      } else {
        await rawSSE(`${base}/anthropic/v1/messages`, { ...PARAMS, stream: true }, (data) =>
          JSON.parse(data),
        );
      }
      return;
    }
    case 'chat.create': {
      const base = `${url}/n0`;
      const calls = scaled(2000, scale, 2);
      const ours = MiniMax && new MiniMax({ apiKey: API_KEY, baseURL: base });
      const openai = OpenAI && new OpenAI({ apiKey: API_KEY, baseURL: `${base}/v1` });
      for (let i = 0; i < calls; i++) {
        if (ours) await ours.chat.create(CHAT_PARAMS);
        else if (openai) await openai.chat.completions.create(CHAT_PARAMS);
        else await rawPostJSON(`${base}/v1/chat/completions`, CHAT_PARAMS);
      }
      return;
    }
    case 'chat.stream': {
      const base = `${url}/n${scaled(50_000, scale, 10)}`;
      const params = { ...CHAT_PARAMS, stream: true };
      if (MiniMax) {
        for await (const _ of new MiniMax({ apiKey: API_KEY, baseURL: base }).chat.createStream(
          CHAT_PARAMS,
        )) {
          // consume
        }
      } else if (OpenAI) {
        const openai = new OpenAI({ apiKey: API_KEY, baseURL: `${base}/v1` });
        for await (const _ of await openai.chat.completions.create(params)) {
          // consume
        }
      } else {
        await rawSSE(`${base}/v1/chat/completions`, params, (data) => data !== '[DONE]' && JSON.parse(data));
      }
      return;
    }
    case 'speech.tts.large': {
      const base = `${url}/a${scaled(20 * MiB, scale, 1024)}`;
      if (MiniMax) await oursTTS(MiniMax, base);
      else await rawTTS(base, TEXT);
      return;
    }
    case 'speech.ttsStream.file': {
      const base = `${url}/a${scaled(200 * MiB, scale, 4096)}`;
      const dir = join(tmpdir(), `minimax-bench-profile-${process.pid}`);
      await mkdir(dir, { recursive: true });
      const path = join(dir, 'out.mp3');
      if (MiniMax) await oursTTSStreamToFile(MiniMax, base, path);
      else await rawTTSStreamToFile(base, TEXT, path);
      await rm(dir, { recursive: true, force: true });
      return;
    }
    case 'speech.ws': {
      const base = `${url}/f4x16384`;
      const sends = scaled(200, scale, 2);
      const conn = MiniMax
        ? await new MiniMax({ apiKey: API_KEY, baseURL: base }).speech.connect(WS_TASK)
        : await rawWebSocketSession(`${base.replace(/^http/, 'ws')}/ws/v1/t2a_v2`);
      for (let i = 0; i < sends; i++) await conn.send(MiniMax ? { text: TEXT } : TEXT);
      await conn.close();
      return;
    }
    default:
      throw new Error(`no profile workload for ${caseName}`);
  }
}

try {
  for (let i = 0; i < repeat; i++) {
    const started = now();
    await workload();
    console.log(`${caseName} ${who} run ${i + 1}: ${(now() - started).toFixed(1)} ms`);
  }
} finally {
  await server.close();
}
