// English, what commands and operations print: confirmations, summaries, table headers, doctor lines, ci-failure and follow-up text.
export const commands = {
} as const;
