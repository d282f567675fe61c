// A language's table for one area has exactly the English area's keys (the compiler checks it).
export type Area<T> = { readonly [K in keyof T]: string };
