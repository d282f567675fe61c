// English, priorities, justification and the emergency contact.
export const priority = {
} as const;
