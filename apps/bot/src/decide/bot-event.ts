// The events the app reacts to, narrowed from webhook payloads to the few
// fields a decision needs, so that `decide` is a pure function tested on
// plain values.

export const PULL_REQUEST_ACTIONS = [
  'opened',
  'synchronize',
  'reopened',
  'ready_for_review',
] as const;

export const PERMISSIONS = ['admin', 'maintain', 'write', 'triage', 'read', 'none'] as const;
export type Permission = (typeof PERMISSIONS)[number];

export type BotEvent =
  | {
      readonly kind: 'pull_request';
      readonly action: string;
      readonly number: number;
      readonly draft: boolean;
      readonly headSha: string;
      readonly baseSha: string;
    }
  | {
      /** check_run.rerequested or check_suite.rerequested */
      readonly kind: 'rerequested';
      /** The pull request the check belongs to; absent when GitHub gives none. */
      readonly number: number | undefined;
      readonly headSha: string;
    }
  | {
      readonly kind: 'comment';
      readonly number: number;
      readonly isPullRequest: boolean;
      readonly body: string;
      readonly author: string;
      readonly authorIsBot: boolean;
      /** The author's permission on the repository, looked up before deciding. */
      readonly permission: Permission;
    };

/** What the app will do. Applying a plan is the GitHub port's job. */
export type Plan =
  | { readonly kind: 'ignore'; readonly reason: string }
  | {
      readonly kind: 'analyse';
      readonly number: number;
      /** Undefined for a re-run, where the head is fetched from the pull request. */
      readonly headSha: string | undefined;
      readonly trigger: string;
    }
  | { readonly kind: 'explain'; readonly number: number; readonly findingId: string }
  | { readonly kind: 'list-scenarios'; readonly number: number }
  | { readonly kind: 'reply'; readonly number: number; readonly body: string };
