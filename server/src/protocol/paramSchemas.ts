/**
 * The shape of every custom request's params, checked before a handler runs. A value that does
 * not fit is answered with ResponseError -32602 (InvalidParams) naming the field
 * (server/src/features/params.ts). Typed against the protocol interfaces they check.
 */
import type { Position, Range } from 'vscode-languageserver-protocol';
import type { GenerateAtCommandArgs, GenerateParams, ReanchorParams } from './index';
import type { CursorParams, InlineCompletionParams } from './pregen';
import type { RegionsParams } from './regions';
import type { TraceParams, TracesParams } from './traces';
import type { LearningParams } from './learning';
import type { GenerateTestsCommandArgs } from './testgen';
import { array, int, object, oneOf, optional, str, type Check } from './validate';

const uri = str({ nonEmpty: true, maxLength: 64 * 1024 });
const position: Check<Position> = object({ line: int(), character: int() });
const range: Check<Range> = object({ start: position, end: position });
const textEdit = object({ range, newText: str() });

export const generateParams: Check<GenerateParams> = object({
  textDocument: object({ uri, version: optional(int()) }),
  position: optional(position),
  range: optional(range),
  intent: optional(str({ maxLength: 100_000 })),
  providers: optional(array(str({ maxLength: 256 }), 64)),
});

export const generateAtArgs: Check<GenerateAtCommandArgs> = object({
  uri, version: int(), position: optional(position), range: optional(range), intent: optional(str({ maxLength: 100_000 })),
});

export const generateTestsArgs: Check<GenerateTestsCommandArgs> = object({ uri, version: int(), position });

const SITE_KINDS = ['intent-comment', 'todo-comment', 'empty-body', 'stub-body', 'selection', 'missing-member', 'missing-function'] as const;

export const reanchorParams: Check<ReanchorParams> = object({
  textDocument: object({ uri, version: int() }),
  result: object({
    code: str(),
    site: object({
      kind: oneOf(SITE_KINDS), range, intent: str(), originalText: str(),
      anchor: optional(object({ before: str(), after: str() })),
    }),
    // The Swap command sends -1 on purpose: the server then locates the inserted code by its text and context.
    edit: object({ textDocument: object({ uri, version: int(-1) }), edits: array(textEdit, 100) }),
  }),
});

export const inlineCompletionParams: Check<InlineCompletionParams> = object({
  textDocument: object({ uri, version: int() }), position,
});

export const cursorParams: Check<CursorParams> = inlineCompletionParams;

export const regionsParams: Check<RegionsParams> = object({ uri });

export const traceParams: Check<TraceParams> = object({ traceId: str({ nonEmpty: true, maxLength: 256 }) });

/** Optional params: absent means the defaults. */
export const tracesParams: Check<TracesParams | undefined> = optional(object({
  uri: optional(uri), limit: optional(int(1, 10_000)),
}));

export const learningParams: Check<LearningParams | undefined> = optional(object({ bucketSize: optional(int(1, 1_000_000)) }));
