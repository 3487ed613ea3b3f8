/**
 * The form field that carries the session-bound token of a high-value action (a bid, an award, an
 * approval): security-and-reliability.md asks for it beside the Origin check. Forms add it with
 * ActionTokenField; parseForm takes it out before a form's strict schema sees the fields.
 */
export const ACTION_TOKEN_FIELD = '_token'

/** The same token on a JSON request made with the session cookie (a bid to the HTTP API). */
export const ACTION_TOKEN_HEADER = 'x-action-token'
