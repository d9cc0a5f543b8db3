/** WeaverGen: Show Output / Restart Server. */
import type { Ctx } from '../ctx';
import { errorText } from '../ctx';

export function showOutput(ctx: Ctx) {
  return (): void => ctx.log.show();
}

export function restartServer(ctx: Ctx) {
  return async (): Promise<void> => {
    try {
      await ctx.restart();
    } catch (e) {
      void ctx.messages.show('error', `WeaverGen: the language server did not start: ${errorText(e)}`, 'Show Output').then((c) => c && ctx.log.show());
    }
  };
}
