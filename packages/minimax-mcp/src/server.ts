/**
 * The MCP server: one tool per capability of minimax-sdk.
 *
 * Schemas are honest: a model id is a string (known ids listed in its description, any other sent
 * as is, never swapped for a default), optional API fields are sent only when set, and `extra`
 * carries any further API field unchanged. A refusal by the platform comes back as a tool error
 * with MiniMax's code and trace id.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { type ClientOptions, MiniMax, VERSION as SDK_VERSION } from 'minimax-sdk';
import type { z } from 'zod';
import { type Content, checkFilename, type OutputMode, type OutputSettings } from './output.js';
import { registerFileTools } from './tools/files.js';
import { registerMediaTools } from './tools/media.js';
import { registerPlanTools } from './tools/plan.js';
import { type Extra, type RegisterTool, type ToolContext, toolError } from './tools/shared.js';
import { registerSpeechTools } from './tools/speech.js';
import { registerTextTools } from './tools/text.js';
import { VERSION } from './version.js';

export { toolError };

/** Options of `createMiniMaxMcpServer`. */
export interface MiniMaxMcpServerOptions {
  /** A ready client; otherwise one is made from `clientOptions` (and the environment) on first use. */
  client?: MiniMax;
  /** Options for the client made on first use (`apiKey`, `region`, `baseURL`, `pollInterval`, …). */
  clientOptions?: ClientOptions;
  /** Folder for file outputs (default `./minimax-output`). */
  outputDir?: string;
  /** Default output mode of tools that make media (default `file`). */
  output?: OutputMode;
}

/**
 * Creates the MCP server with every MiniMax tool registered. Connect it to a transport
 * (`StdioServerTransport`, `StreamableHTTPServerTransport`), or use `minimax-mcp`.
 *
 * @example
 * import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
 * import { createMiniMaxMcpServer } from 'minimax-sdk-mcp';
 * const server = createMiniMaxMcpServer({ outputDir: '/tmp/minimax' });
 * await server.connect(new StdioServerTransport());
 */
export function createMiniMaxMcpServer(options: MiniMaxMcpServerOptions = {}): McpServer {
  let client = options.client;
  const getClient = () => {
    client ??= new MiniMax(options.clientOptions);
    return client;
  };
  const settings: OutputSettings = {
    mode: options.output ?? 'file',
    dir: options.outputDir ?? 'minimax-output',
  };
  const server = new McpServer(
    { name: 'minimax-sdk-mcp', version: VERSION },
    {
      instructions:
        `MiniMax (minimax-sdk ${SDK_VERSION}): text, speech, voices, images, video, music, lyrics and files. ` +
        'Media tools write files into the output folder (output: "file") or embed them (output: "resource").',
    },
  );

  const tool: RegisterTool = <Shape extends z.ZodRawShape>(
    name: string,
    description: string,
    shape: Shape,
    run: (args: z.infer<z.ZodObject<Shape>>, extra: Extra, client: MiniMax) => Promise<Content[]>,
    annotations: { readOnlyHint?: boolean; destructiveHint?: boolean } = {},
  ) => {
    server.registerTool(
      name,
      { description, inputSchema: shape, annotations: { openWorldHint: true, ...annotations } },
      // The SDK infers the argument type from the shape; the cast only restores what zod checked.
      (async (args: z.infer<z.ZodObject<Shape>>, extra: Extra): Promise<CallToolResult> => {
        try {
          // A bad file name is refused before anything is generated (and billed).
          const filename = (args as { filename?: unknown }).filename;
          if (typeof filename === 'string') checkFilename(filename);
          return { content: await run(args, extra, getClient()) };
        } catch (error) {
          return toolError(error);
        }
      }) as never,
    );
  };

  const context: ToolContext = { tool, settings };
  registerTextTools(context);
  registerSpeechTools(context);
  registerMediaTools(context);
  registerFileTools(context);
  registerPlanTools(context);
  return server;
}
