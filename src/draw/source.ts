// Where the draw reads entities from: a re-readable source of single entities or batches.
import type { Entity } from "../model/types.js";

/**
 * A source of entities that can be read more than once (a second pass is sometimes needed). It may yield
 * entities one by one or in batches (arrays), which is much faster for millions of rows.
 */
export type EntitySource = () => Iterable<Entity> | AsyncIterable<Entity | readonly Entity[]>;

/** A source's entities in batches (single entities are gathered into batches), in source order. */
export async function* entityBatches(source: EntitySource): AsyncGenerator<readonly Entity[]> {
  let batch: Entity[] = [];
  for await (const x of source()) {
    if (Array.isArray(x)) yield x as readonly Entity[];
    else {
      batch.push(x as Entity);
      if (batch.length >= 4096) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length) yield batch;
}
