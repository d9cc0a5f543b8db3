/**
 * Which model of a detected local server to use: a code model first, then any chat model;
 * never an embedding or reranking model (they cannot write code). Pure.
 */

const NOT_GENERATIVE = /(embed|(^|[^a-z])bge([^a-z]|$)|(^|[^a-z])e5-|(^|[^a-z])gte-|rerank|minilm|clip|whisper)/i;
const CODE = /(coder|codellama|starcoder|codegemma|codestral|devstral|(^|[^a-z])code)/i;

/** True when a model id names an embedding/reranking model rather than a chat or code model. */
export function isEmbeddingModel(id: string): boolean {
  return NOT_GENERATIVE.test(id);
}

/** The model to use, or undefined when the server lists only embedding models. */
export function chooseModel(ids: readonly string[]): string | undefined {
  const usable = ids.filter((id) => !isEmbeddingModel(id));
  return usable.find((id) => CODE.test(id)) ?? usable[0];
}
