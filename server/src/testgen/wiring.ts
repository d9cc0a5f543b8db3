/**
 * The language server's test generator: the pipeline over the server's provider set, the
 * open documents (an open test file's text and version win over the disk) and workspace
 * trust, attached to the pre-generation engine's scheduler and cache.
 */
import type { ServerContext } from '../features/feature';
import { fsWorkspaceTests } from '../orchestra/workspaceTests';
import type { Pregenerator } from '../pregen/engine';
import { TestPregen } from './pregen';
import { TestGenService } from './service';
import type { BackgroundPipeline } from '../background/pipeline';

/** `background`: runs background test jobs off the main thread (background/pipeline.ts); default in-process. */
export function testPregen(ctx: ServerContext, engine: Pregenerator, trusted: () => boolean, background?: BackgroundPipeline): TestPregen {
  const disk = fsWorkspaceTests(() => []);
  const service = new TestGenService({
    source: ctx.providers,
    trusted,
    telemetry: ctx.service.telemetry,
    files: {
      openDocument: (uri) => {
        const d = ctx.documents.get(uri);
        return d && { text: d.getText(), version: d.version };
      },
      readFile: (p, max) => disk.readFile(p, max),
    },
  });
  return new TestPregen(engine, service, background &&
    ((req, signal, target) => background.generateTests(req, signal, target, () => service.generate(req, signal, target))));
}
