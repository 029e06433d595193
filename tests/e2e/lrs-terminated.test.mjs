// `terminated` leaves the page once, and nothing follows it (issue 12 §2),
// against Ralph behind the test LMS:
//
//   COURSEPACK_E2E_PACKAGES=<dir of built zips> node --test tests/e2e/lrs-terminated.test.mjs
//
// A learner opens an xapi or a cmi5 package (a single module, and a module of
// a course package), views a page, then closes the window, reloads or
// navigates away, with the LRS answering fast, slowly (2 s) or failing (500).
// Exactly one request from the page carries that session's `terminated`; the
// next launch on the same device asks the LRS before sending it again: it does
// not when the LRS has it, and sends it once when the LRS failed. The LRS ends
// up with it exactly once, and no statement of an ended cmi5 session reaches
// the LMS. Every wait is for an event (a request reaching the LMS, a statement
// stored, the next session's `initialized` stored), never a time.

import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, describe } from 'node:test';

import { closeBrowser, openPage } from './lib/browser.mjs';
import { goNext } from './lib/xapi-learner.mjs';
import { startLms } from './lib/lms.mjs';
import { findPackages } from './lib/packages.mjs';
import { startRalph } from './lib/ralph.mjs';
import { test } from './lib/test.mjs';
import { extractZip, listZip, removeDir } from './lib/unzip.mjs';
import { playerData, verbOf } from './lib/xapi-checks.mjs';
import { waitUntil } from './lib/wait.mjs';
import path from 'node:path';

const packagesDir = process.env.COURSEPACK_E2E_PACKAGES;

let ralph;
before(async () => { if (packagesDir) ralph = await startRalph(); });
after(async () => {
  await closeBrowser();
  await ralph?.stop();
});

if (!packagesDir) {
  test('COURSEPACK_E2E_PACKAGES names the directory of built packages', () => {
    assert.fail('COURSEPACK_E2E_PACKAGES is not set: run `cargo xtask e2e`');
  });
}

/** A single-module package and a course package of `target`: { single, course } (zip paths). */
async function pick(target) {
  const zips = packagesDir ? findPackages(packagesDir, target) : [];
  const single = [];
  const course = [];
  for (const zip of zips) {
    const entries = await listZip(zip);
    (entries.some((e) => /^[^/]+\/index\.html$/.test(e)) ? course : single).push(zip);
  }
  return { single: single.sort()[0], course: course.sort()[0] };
}

const FAULTS = {
  fast: null,
  'slow (2 s)': { delayMs: 2000 },
  'failing (500)': 500,
};
const ACTIONS = ['close the window', 'reload', 'navigate away'];

for (const target of ['xapi', 'cmi5']) {
  for (const kind of ['single', 'course']) {
    describe(`${target} ${kind === 'single' ? 'module' : 'course'}: one request carries terminated`, () => {
      let dir;
      let lms;
      let modulePath;
      let data;
      before(async () => {
        const zip = (await pick(target))[kind];
        assert.ok(zip, `no ${target} ${kind} package under ${packagesDir}`);
        dir = await extractZip(zip);
        const entries = await listZip(zip);
        modulePath = kind === 'single' ? 'index.html' : entries.filter((e) => /^[^/]+\/index\.html$/.test(e)).sort()[0];
        data = playerData(path.join(dir, modulePath));
        lms = await startLms({ root: dir, ralph });
      });
      after(async () => {
        await lms?.close();
        if (dir) await removeDir(dir);
      });

      for (const action of ACTIONS) {
        for (const [lrsName, fault] of Object.entries(FAULTS)) {
          test(`${action}, the LRS ${lrsName}`, async () => {
            const registration = crypto.randomUUID();
            const tag = registration.slice(0, 8);
            const actor = target === 'cmi5'
              ? { objectType: 'Agent', account: { homePage: 'https://lms.example', name: `t-${tag}` } }
              : { objectType: 'Agent', mbox: `mailto:t-${tag}@example.org` };
            const activityId = `https://lms.example/a/${crypto.randomUUID()}`;
            // a module of an xAPI course is launched as the course page passes the launch on
            const launchUrl = () => (target === 'xapi'
              ? lms.tincanLaunch({ actor, registration, file: modulePath, activityId: kind === 'course' ? data.activity?.courseId : data.activity?.id })
              : lms.cmi5Launch({ actor, registration, activityId, publisherId: data.activity?.id, file: modulePath }).url);
            const mine = (st) => st?.context?.registration === registration;
            const count = (verb) => lms.receivedStatements.filter((st) => mine(st) && verbOf(st) === verb).length;
            /** @type {() => void} */
            let releasePlayer = () => {};
            const first = await openPage(launchUrl());
            try {
              await first.page.evaluate(() => new Promise((resolve) => window.coursepack.on('ready', resolve)));
              await goNext(first.page);
              // the page view has reached the LRS: nothing is on its way when the learner leaves
              await waitUntil(() => count('experienced') > 0 && lms.inFlight === 0, { what: 'the first statements stored' });
              lms.fault = fault;
              const sentBefore = lms.log.length;
              // A reload's new page gets its player only once the fault is lifted: what it sends
              // (after a failure, terminated again at once) is the next session's, and must not
              // be counted with the leaving page's requests, nor meet the fault meant for those.
              if (action === 'reload') {
                const held = new Promise((resolve) => { releasePlayer = () => resolve(undefined); });
                await first.page.route('**/player/player.js', async (route) => { await held; await route.fallback(); });
              }
              if (action === 'close the window') await first.page.close({ runBeforeUnload: true });
              else if (action === 'reload') await first.page.reload({ waitUntil: 'commit' });
              else await first.page.goto(`${lms.origin}/return/away`, { waitUntil: 'load' });
              await waitUntil(() => count('terminated') > 0, { what: 'terminated at the LMS' });
              const terminated = lms.receivedStatements.find((st) => mine(st) && verbOf(st) === 'terminated');
              const carrying = () => lms.log.filter((e) => e.method === 'POST' && e.ids?.includes(terminated.id));
              // its request has been answered (fast, slow or failing) before the fault is lifted
              await waitUntil(() => carrying().length > 0 && carrying().every((e) => e.status !== 0), { what: "terminated's request answered" });
              const fromPage = lms.log.slice(sentBefore).filter((e) => e.method === 'POST' && e.ids?.includes(terminated.id));
              assert.equal(fromPage.length, 1, `one request from the page carries terminated: ${JSON.stringify(fromPage)}`);
              lms.fault = null;
              releasePlayer();

              // The next launch on this device (a reload is one already): it sends what the LRS
              // does not have, then its own initialized; once that is stored, nothing of the
              // first session can follow.
              let next = first.page;
              if (action === 'reload' && target === 'cmi5') {
                // the reloaded page is the ended session's page: it settles before the learner goes
                // back to the LMS, which launches anew. It asks the LRS about what the session left
                // when the first page heard no answer; when the first page heard the LRS fail (500)
                // before it unloaded, it sends it again at once.
                // When the first page did hear the answer before it went (the LRS was fast
                // enough), the device holds nothing of terminated and there is nothing to ask.
                await next.waitForSelector('#cp-session-ended');
                const deviceHoldsTerminated = () => next.evaluate((id) => {
                  const keys = Object.keys(localStorage).filter((k) => k.startsWith('coursepack:cmi5:'));
                  if (keys.length === 0) return 'no record';
                  return keys.some((k) => {
                    const record = JSON.parse(localStorage.getItem(k) ?? '{}');
                    const ids = [...(record.queue ?? []).map((st) => st.id), ...(record.unanswered ?? []).flatMap((r) => r.ids)];
                    return ids.includes(id);
                  });
                }, terminated.id);
                await waitUntil(async () => (lms.log.some((e) => e.method === 'GET' && e.statementId === terminated.id && e.status !== 0)
                  || (fault === 500 && carrying().length > fromPage.length && carrying().every((e) => e.status !== 0))
                  || (fault !== 500 && (await deviceHoldsTerminated()) === false))
                  && lms.inFlight === 0, { what: 'the ended page asked the LRS about terminated, sent it again after the failure, or had nothing to ask' });
                await next.goto(launchUrl(), { waitUntil: 'load' });
              } else if (action === 'navigate away') {
                await next.goto(launchUrl(), { waitUntil: 'load' });
              } else if (action === 'close the window') {
                next = await first.context.newPage();
                await next.goto(launchUrl(), { waitUntil: 'load' });
              }
              await waitUntil(() => count('initialized') >= 2 && lms.inFlight === 0, { what: "the next session's initialized", timeout: 60000 });
              await lms.idle();
              const stored = await ralph.statements({ registration });
              assert.equal(stored.filter((st) => st.id === terminated.id).length, 1, 'the LRS holds terminated once');
              assert.ok(stored.findIndex((st) => st.id === terminated.id) < stored.findIndex((st) => verbOf(st) === 'initialized' && st.id !== stored[0].id),
                "terminated is stored before the next session's initialized");
              assert.deepEqual(lms.violations, [], 'no statement of an ended cmi5 session reached the LMS');
              const total = carrying();
              if (fault === 500) {
                assert.equal(total.length, fromPage.length + 1, `failed, then sent once more by the next page: ${JSON.stringify(total)}`);
                assert.ok(total.slice(0, -1).every((e) => e.status === 500), JSON.stringify(total));
                assert.ok([200, 204].includes(total.at(-1).status), JSON.stringify(total));
              } else {
                assert.equal(total.length, fromPage.length, `the next page asked the LRS and did not send it again: ${JSON.stringify(total)}`);
              }
            } finally {
              lms.fault = null;
              releasePlayer();
              await first.close();
            }
          });
        }
      }
    });
  }
}
