/**
 * Model files of `sf learn`: the learner's model file (model-file.ts) plus how CSV text maps to the features
 * (category lists) and which column was the target, kept in `payload.csv`.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { SfError } from '../common/errors.ts';
import { modelFromJson, modelToJson, type StoredModel } from '../learn/model-file.ts';

export interface CsvEncoding {
  target: string;
  categories: Record<string, string[]>;
}

export function withCsvEncoding(model: StoredModel, csv: CsvEncoding): StoredModel {
  return { ...model, payload: { ...model.payload, csv } };
}

export function csvEncodingOf(model: StoredModel): CsvEncoding {
  const csv = model.payload?.csv as CsvEncoding | undefined;
  return csv ?? { target: '', categories: {} };
}

/** Writes atomically: a crash never leaves half a model file where a good one was. */
export function writeModelFile(path: string, model: StoredModel): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, modelToJson(model));
    renameSync(tmp, path);
  } catch (e) {
    throw new SfError(`cannot write the model: ${(e as Error).message}`, { file: path });
  }
}

export function readModelFile(path: string): StoredModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new SfError(`cannot read the model: ${(e as Error).message}`, { file: path });
  }
  try {
    return modelFromJson(text);
  } catch (e) {
    throw new SfError((e as Error).message, { file: path });
  }
}
