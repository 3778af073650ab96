// Webhook to completed check run, measured in the end-to-end harness: the
// real Probot server and a fake GitHub on loopback (every request validated
// against GitHub's OpenAPI description, as in the tests). Prints figures; it
// asserts nothing.
//
//   npm run bench -w @kvmsim/bot [-- --runs 20]
//
// 1. pushes to a pull request that touches arch/arm64/kvm/mmu.c: each push
//    applies one of the seed thread's variants plus a unique comment, so the
//    changed file's blob is new every time (the rest is cached after the
//    first push);
// 2. the same head delivered again (a re-run): every blob cached and no
//    analysed function changed since the last run.
import { parseArgs } from 'node:util';
import { seedTree } from '@kvmsim/scenarios';
import { FakeGitHub, deliver, pullRequestPayload, startApp } from '../test/harness.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
const runs = Number(values.runs);

const api = new FakeGitHub();
await api.start();
const app = await startApp(api);
const repo = api.github.repository;
const base = seedTree('upstream');
const baseSha = repo.commit(base, 'upstream');
const variants = ['patch1', 'patch1-fixup', 'naive-self-deadlock', 'keep-cache-until-destroy'];

async function waitForCompletion(headSha: string): Promise<number> {
  for (;;) {
    const at = api.completions.get(headSha);
    if (at !== undefined) return at;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function push(number: number, index: number, parent: string): Promise<string> {
  const files = new Map(base);
  for (const [path, text] of seedTree(variants[index % variants.length] as string))
    files.set(path, text);
  files.set('arch/arm64/kvm/mmu.c', `${files.get('arch/arm64/kvm/mmu.c')}\n/* push ${index} */\n`);
  const headSha = repo.commit(files, `push ${index}`, parent);
  repo.pulls.set(number, { number, baseSha, headSha, draft: false, fromFork: false });
  return headSha;
}

async function measure(headSha: string, action: string, number: number): Promise<number> {
  // Pushes are seconds apart, not back to back: without the pause each run
  // would also wait out Octokit's one-second spacing of the previous run's writes.
  await new Promise((resolve) => setTimeout(resolve, 1_100));
  api.completions.delete(headSha);
  const started = performance.now();
  await deliver(app.url, 'pull_request', pullRequestPayload(action, number, baseSha, headSha));
  return (await waitForCompletion(headSha)) - started;
}

const pushes: number[] = [];
let parent = baseSha;
let first = 0;
for (let index = 0; index <= runs; index += 1) {
  const headSha = await push(1, index, parent);
  parent = headSha;
  const ms = await measure(headSha, index === 0 ? 'opened' : 'synchronize', 1);
  if (index === 0) first = ms;
  else pushes.push(ms);
}

// A re-run of one head: everything cached, nothing changed since its last analysis.
const rerunHead = await push(2, 0, baseSha);
await measure(rerunHead, 'opened', 2);
const reruns: number[] = [];
for (let index = 0; index < runs; index += 1)
  reruns.push(await measure(rerunHead, 'synchronize', 2));

const row = (label: string, values: readonly number[]) =>
  `${label.padEnd(52)} p50 ${percentile(values, 50).toFixed(0).padStart(5)} ms   p95 ${percentile(values, 95).toFixed(0).padStart(5)} ms   (${values.length} runs)`;
console.log(
  'webhook delivered -> check run completed, real Probot server, fake GitHub on loopback',
);
console.log(`first push (WASM grammar load, every blob fetched):     ${first.toFixed(0)} ms`);
console.log(row('push changing mmu.c (its blob new, the rest cached):', pushes));
console.log(row('re-run, every blob cached, nothing changed:', reruns));
console.log(`requests refused by GitHub's OpenAPI description: ${api.problems.length}`);

await app.stop();
await api.stop();
