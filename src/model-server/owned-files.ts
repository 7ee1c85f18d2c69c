import type { OwnedFileKind } from '../shared/index.js';

/**
 * The files the model server writes on paths the user gives, and how to tell that it wrote one: an
 * existing file is replaced only when it carries the marker (src/shared/safe-write.ts).
 */

/** The JSONL request log (`--log`): each line starts with the request's `seq` and `time`; or empty. */
export const REQUEST_LOG_KIND: OwnedFileKind = {
  what: 'a model-server request log',
  marker: 'lines starting {"seq":N,"time":',
  isOurs: (head) => head === '' || /^\{"seq":\d+,"time":"/.test(head),
};

/** A recorded cassette (`--record --out`): its first line says it was recorded by obra-validate. */
export const RECORDED_CASSETTE_KIND: OwnedFileKind = {
  what: 'a cassette recorded by obra-validate',
  marker: 'the first line "# Recorded by obra-validate model-server --record …"',
  isOurs: (head) => head.startsWith('# Recorded by obra-validate model-server --record'),
};
