// English, contact details, requester, clipboard attachments.
export const contact = {
} as const;
