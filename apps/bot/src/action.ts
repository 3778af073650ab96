// The app as a GitHub Action: the event that started the workflow is handled
// once, with the workflow's token, exactly as the server would handle its
// webhook. This is what Probot's GitHub Actions adapter does; it is done here
// with the Probot the app is built on (the adapter pins an older major), and
// it also honours GITHUB_API_URL, so it runs on GitHub Enterprise Server.
// Comments made with GITHUB_TOKEN are authored by github-actions[bot]. The
// report also goes to the job summary, where a read-only token still shows it.
import { appendFileSync, readFileSync } from 'node:fs';
import { createProbot } from 'probot';
import { kvmsimApp } from './app.js';

/** Runs the app on the workflow's event; resolves to the process exit code. */
export async function runAction(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const token = env.GITHUB_TOKEN ?? env.INPUT_GITHUB_TOKEN ?? env.INPUT_TOKEN;
  const missing = ['GITHUB_RUN_ID', 'GITHUB_EVENT_NAME', 'GITHUB_EVENT_PATH'].filter(
    (name) => env[name] === undefined || env[name] === '',
  );
  if (token === undefined || token === '') {
    process.stderr.write('kvmsim: no token; pass `token: ${{ github.token }}` or GITHUB_TOKEN\n');
    return 2;
  }
  if (missing.length > 0) {
    process.stderr.write(`kvmsim: not in a GitHub Actions run (${missing.join(', ')} unset)\n`);
    return 2;
  }
  const probot = createProbot({
    env,
    overrides: {
      githubToken: token,
      ...(env.GITHUB_API_URL === undefined ? {} : { baseUrl: env.GITHUB_API_URL }),
    },
  });
  // The job summary shows the report even when the token cannot write (a fork's pull request).
  const summary = env.GITHUB_STEP_SUMMARY;
  await probot.load(
    kvmsimApp({
      appLogin: 'github-actions[bot]',
      ...(summary === undefined || summary === ''
        ? {}
        : { onReport: (_report, markdown) => appendFileSync(summary, `${markdown}\n`) }),
    }),
  );
  await probot.receive({
    id: env.GITHUB_RUN_ID as string,
    name: env.GITHUB_EVENT_NAME as never,
    payload: JSON.parse(readFileSync(env.GITHUB_EVENT_PATH as string, 'utf8')) as never,
  });
  return 0;
}

process.exitCode = await runAction();
