/**
 * AI SDK prompts and tool choices as Messages-API request fields.
 */
import {
  type LanguageModelV3CallOptions,
  type LanguageModelV3Prompt,
  type LanguageModelV3ToolResultOutput,
  UnsupportedFunctionalityError,
} from '@ai-sdk/provider';
import {
  type ContentBlockParam,
  type ImageBlockParam,
  type MessageParam,
  type TextBlockParam,
  type ToolChoice,
  toBase64,
} from 'minimax-sdk';
import { minimaxOptions } from './shared.js';

export function toolChoice(choice: LanguageModelV3CallOptions['toolChoice']): ToolChoice | undefined {
  switch (choice?.type) {
    case undefined:
      return undefined;
    case 'auto':
      return { type: 'auto' };
    case 'none':
      return { type: 'none' };
    case 'required':
      return { type: 'any' };
    case 'tool':
      return { type: 'tool', name: choice.toolName };
  }
}

function imageBlock(data: Uint8Array | string | URL, mediaType: string): ImageBlockParam {
  if (data instanceof URL) return { type: 'image', source: { type: 'url', url: data.href } };
  const media = mediaType === 'image/*' ? 'image/png' : mediaType;
  return {
    type: 'image',
    source: { type: 'base64', media_type: media, data: typeof data === 'string' ? data : toBase64(data) },
  };
}

function toolResultContent(output: LanguageModelV3ToolResultOutput): {
  content: string | Array<TextBlockParam | ImageBlockParam>;
  is_error?: boolean;
} {
  switch (output.type) {
    case 'text':
      return { content: output.value };
    case 'json':
      return { content: JSON.stringify(output.value) };
    case 'error-text':
      return { content: output.value, is_error: true };
    case 'error-json':
      return { content: JSON.stringify(output.value), is_error: true };
    case 'execution-denied':
      return { content: output.reason ?? 'The tool call was denied.', is_error: true };
    case 'content': {
      const blocks: Array<TextBlockParam | ImageBlockParam> = [];
      for (const item of output.value) {
        if (item.type === 'text') blocks.push({ type: 'text', text: item.text });
        else if (
          item.type === 'image-data' ||
          (item.type === 'file-data' && item.mediaType.startsWith('image/'))
        ) {
          blocks.push(imageBlock(item.data, item.mediaType));
        } else if (item.type === 'image-url') {
          blocks.push({ type: 'image', source: { type: 'url', url: item.url } });
        } else {
          throw new UnsupportedFunctionalityError({
            functionality: `tool result content of type ${item.type}`,
          });
        }
      }
      return { content: blocks };
    }
  }
}

/** The AI SDK prompt as Messages-API system blocks and alternating turns. */
export function convertPrompt(prompt: LanguageModelV3Prompt): {
  system: TextBlockParam[];
  messages: MessageParam[];
} {
  const system: TextBlockParam[] = [];
  const messages: MessageParam[] = [];
  const push = (role: 'user' | 'assistant', blocks: ContentBlockParam[]) => {
    if (blocks.length === 0) return;
    const last = messages.at(-1);
    // Tool results and the next user text are one user turn on this API: consecutive turns merge.
    if (last && last.role === role && Array.isArray(last.content)) last.content.push(...blocks);
    else messages.push({ role, content: blocks });
  };
  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        system.push({ type: 'text', text: message.content });
        break;
      case 'user': {
        const blocks: ContentBlockParam[] = [];
        for (const part of message.content) {
          if (part.type === 'text') blocks.push({ type: 'text', text: part.text });
          else if (part.mediaType.startsWith('image/')) blocks.push(imageBlock(part.data, part.mediaType));
          else
            throw new UnsupportedFunctionalityError({ functionality: `user file of type ${part.mediaType}` });
        }
        push('user', blocks);
        break;
      }
      case 'assistant': {
        const blocks: ContentBlockParam[] = [];
        for (const part of message.content) {
          if (part.type === 'text') {
            if (part.text !== '') blocks.push({ type: 'text', text: part.text });
          } else if (part.type === 'reasoning') {
            // The thinking block is replayed verbatim, signature included, as tool loops require.
            const meta = minimaxOptions(part.providerOptions);
            if (typeof meta.redactedData === 'string') {
              blocks.push({ type: 'redacted_thinking', data: meta.redactedData });
            } else if (typeof meta.signature === 'string') {
              blocks.push({ type: 'thinking', thinking: part.text, signature: meta.signature });
            } else {
              blocks.push({ type: 'thinking', thinking: part.text });
            }
          } else if (part.type === 'tool-call') {
            const input = typeof part.input === 'string' ? parseJSON(part.input) : part.input;
            blocks.push({ type: 'tool_use', id: part.toolCallId, name: part.toolName, input });
          } else if (part.type === 'tool-result') {
            push('assistant', blocks.splice(0));
            push('user', [
              { type: 'tool_result', tool_use_id: part.toolCallId, ...toolResultContent(part.output) },
            ]);
          } else {
            throw new UnsupportedFunctionalityError({ functionality: `assistant ${part.type} parts` });
          }
        }
        push('assistant', blocks);
        break;
      }
      case 'tool': {
        const blocks: ContentBlockParam[] = [];
        for (const part of message.content) {
          if (part.type !== 'tool-result') continue;
          blocks.push({
            type: 'tool_result',
            tool_use_id: part.toolCallId,
            ...toolResultContent(part.output),
          });
        }
        push('user', blocks);
        break;
      }
    }
  }
  return { system, messages };
}

function parseJSON(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
