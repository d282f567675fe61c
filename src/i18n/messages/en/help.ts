// English, `--help`: command, argument and option descriptions.
export const help = {
} as const;
