// Payload shapes of the Jira Service Management servicedeskapi (Cloud) and the few Jira platform
// endpoints the adapter uses. Fields are optional where a site, an expand or a permission may leave
// them out; docs/jsm.md says which shapes were not checked against a live site.

/** servicedeskapi pages: `{size, start, limit, isLastPage, values, _links}`. */
export interface JsmPage<T> {
  size?: number;
  start?: number;
  limit?: number;
  isLastPage?: boolean;
  values?: T[];
  _links?: { next?: string; prev?: string; base?: string; context?: string };
}

export interface JsmDate {
  iso8601?: string;
  jira?: string;
  friendly?: string;
  epochMillis?: number;
}

export interface JsmUser {
  accountId?: string;
  name?: string;
  key?: string;
  emailAddress?: string | null;
  displayName?: string | null;
  active?: boolean;
}

export interface JsmServiceDesk {
  id: string;
  projectId?: string;
  projectName?: string;
  projectKey?: string;
}

export interface JsmRequestType {
  id: string;
  name: string;
  description?: string;
  helpText?: string;
  issueTypeId?: string;
  serviceDeskId?: string;
  groupIds?: string[];
}

export interface JsmRequestTypeGroup {
  id: string;
  name: string;
}

export interface JsmValidValue {
  value: string;
  label: string;
  children?: JsmValidValue[];
}

export interface JsmRequestTypeField {
  fieldId: string;
  name: string;
  description?: string;
  required: boolean;
  visible?: boolean;
  jiraSchema?: { type?: string; items?: string; system?: string; custom?: string; customId?: number };
  validValues?: JsmValidValue[];
  defaultValues?: JsmValidValue[];
  presetValues?: string[];
}

export interface JsmRequestTypeFields {
  canRaiseOnBehalfOf?: boolean;
  canAddRequestParticipants?: boolean;
  requestTypeFields: JsmRequestTypeField[];
}

export type JsmStatusCategory = 'UNDEFINED' | 'NEW' | 'INDETERMINATE' | 'DONE';

export interface JsmStatus {
  status: string;
  statusCategory?: JsmStatusCategory | string;
  statusDate?: JsmDate;
}

export interface JsmFieldValue {
  fieldId: string;
  label?: string;
  value: unknown;
  renderedValue?: unknown;
}

export interface JsmRequest {
  issueId?: string;
  issueKey: string;
  requestTypeId?: string;
  serviceDeskId?: string;
  createdDate?: JsmDate;
  reporter?: JsmUser;
  requestFieldValues?: JsmFieldValue[];
  currentStatus?: JsmStatus;
  requestParticipants?: JsmUser[] | JsmPage<JsmUser>;
  participants?: JsmPage<JsmUser>;
  _links?: { web?: string; self?: string; jiraRest?: string; agent?: string };
}

export interface JsmAttachment {
  filename: string;
  size?: number;
  mimeType?: string;
  author?: JsmUser;
  created?: JsmDate;
  _links?: { content?: string; self?: string; jiraRest?: string };
}

export interface JsmComment {
  id: string;
  body: string;
  public?: boolean;
  author?: JsmUser;
  created?: JsmDate;
  attachments?: JsmPage<JsmAttachment>;
}

/** servicedeskapi customer transitions: an id and a (localized) name, nothing about the target. */
export interface JsmCustomerTransition {
  id: string;
  name: string;
}

/** Platform API transitions: the target status with its category. */
export interface JiraTransition {
  id: string;
  name: string;
  to?: { id?: string; name?: string; statusCategory?: { key?: string; name?: string } };
}

export interface JsmArticle {
  title?: string;
  excerpt?: string;
  source?: { type?: string; pageId?: string; spaceKey?: string };
  content?: { iframeSrc?: string };
}

export interface JsmInfo {
  version?: string;
  platformVersion?: string;
  buildDate?: JsmDate;
  buildChangeSet?: string;
  isLicensedForUse?: boolean;
}
