// Values read by raw SQL come back as each driver stores them: SQLite gives booleans as 0/1 and
// dates as ISO text (or epoch milliseconds), PostgreSQL gives real booleans and Dates.
export const rawBoolean = (value: unknown): boolean => value === true || value === 1 || value === 1n || value === "1";

export const rawDate = (value: Date | string | number): Date => (value instanceof Date ? value : new Date(value));
