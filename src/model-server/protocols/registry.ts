import type { Protocol } from '../request.js';
import { anthropicProtocol } from './anthropic.js';
import { ollamaProtocol } from './ollama.js';
import { openaiProtocol } from './openai.js';
import type { ProtocolAdapter } from './types.js';

export const protocols: Readonly<Record<Protocol, ProtocolAdapter>> = {
  anthropic: anthropicProtocol,
  openai: openaiProtocol,
  ollama: ollamaProtocol,
};

export type { ErrorSpec, ProtocolAdapter, RenderContext, RenderedResponse } from './types.js';
