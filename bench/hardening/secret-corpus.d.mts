export declare function gen(seed: string, n: number, alphabet?: string): string;
export declare const SECRET_CORPUS: [kind: string, line: string, secret: string][];
export declare const SECRET_ENV: Record<string, string>;
export declare const ENV_CORPUS: [kind: string, line: string, secret: string][];
export declare const BENIGN_CORPUS: string[];
