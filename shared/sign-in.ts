/** GET /auth/options (docs/api.md): what the sign-in page may offer; public. */
export interface AuthOptionsView {
  /** Where to send the browser to sign in (the built-in OpenID Connect login), or null when fleetscope has none. */
  readonly signIn: string | null;
}
