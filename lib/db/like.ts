// LIKE patterns built from what someone typed. In LIKE, `%` and `_` are wildcards, so a search
// for `bob_` would match `bobx` and `%` every row; each is escaped with `\`, which the queries
// name in `ESCAPE '\'` (SQLite has no default escape character; PostgreSQL's is the same). Pure.

/** The text with LIKE's wildcards and the escape character itself escaped. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** Matches values that start with `text`. */
export const likePrefix = (text: string): string => `${escapeLike(text)}%`;

/** Matches values that contain `text`. */
export const likeContaining = (text: string): string => `%${escapeLike(text)}%`;
