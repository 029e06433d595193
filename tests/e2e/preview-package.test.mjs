// `coursepack preview some-package.zip`: a third-party package, here a
// hand-written SCORM 1.2 package in the shape of a Storyline export
// (fixtures/preview/storyline12: its own API discovery and driver, the
// session ended from window.onunload, a session_time with three decimals),
// runs in the preview's LMS with the validator's findings beside it; and an
// unsafe zip is not served at all.

import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';

import { assertNoAxeViolations } from './lib/axe.mjs';
import { closeBrowser, openPage } from './lib/browser.mjs';
import { calls, problems, startPreview, waitForCall } from './lib/preview.mjs';
import { test } from './lib/test.mjs';
import { zipDir } from './lib/unzip.mjs';
import { waitInPage } from './lib/wait.mjs';

after(closeBrowser);

const FIXTURE = fileURLToPath(new URL('./fixtures/preview/storyline12/', import.meta.url));

async function packageZip() {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'coursepack-preview-pkg-'));
  const zip = path.join(dir, 'handling-enquiries-scorm12.zip');
  await zipDir(FIXTURE, zip);
  return zip;
}

/** Wait until the shell has loaded its `n`th launch and the vendor course says it is ready. */
async function vendorFrame(page, n) {
  await waitInPage(page, (k) => Number(document.body.dataset.launches || 0) >= k, n, { what: `launch ${n} of the package` });
  const frame = await (await page.waitForSelector('#pv-package')).contentFrame();
  await waitInPage(frame, () => document.body && document.body.dataset.ready === 'tracked', null, {
    what: 'the vendor course to find the API and start tracking',
  });
  return frame;
}

test('a Storyline-style SCORM 1.2 zip runs in the local LMS, inspected, with the validator beside it', async () => {
  const zip = await packageZip();
  const pv = await startPreview(zip);
  const s = await openPage(pv.url);
  try {
    let frame = await vendorFrame(s.page, 1);
    // the validator's findings of the package are in the Problems tab
    await s.page.click('#pv-tab-problems');
    const findings = await s.page.locator('#pv-findings').innerText();
    assert.match(findings, /The validator on this package \(SCORM 1\.2\)/);
    assert.match(findings, /3-Handling_Enquiries_ORG/, `the non-xs:ID organization identifier is reported:\n${findings}`);
    assert.match(pv.stderr(), /3-Handling_Enquiries_ORG/, 'the terminal shows the same findings');
    // play it: next slide, answer, last slide
    await frame.click('#next');
    await frame.click('[data-choice="Option_B"]');
    await frame.waitForSelector('#feedback');
    await frame.click('#next');
    await waitForCall(s.page, /LMSSetValue\("cmi.core.lesson_status", "passed"\) → "true"/);
    await waitForCall(s.page, /LMSSetValue\("cmi.interactions.0.student_response", "Option_B"\) → "true"/);
    // the LMS relaunches it: its unload handler finishes the session, the next launch resumes
    await s.page.click('#pv-relaunch');
    frame = await vendorFrame(s.page, 2);
    await waitForCall(s.page, /LMSFinish\(""\) → "true"/);
    await waitForCall(s.page, /LMSGetValue\("cmi.core.entry"\) → "resume"/);
    assert.equal(await frame.locator('#slide-title').innerText(), 'Summary', 'resumed on the last slide');
    const list = await calls(s.page);
    const bad = list.find((c) => /session_time/.test(c));
    assert.match(bad ?? '', /→ "false" error 405/, `the three-decimal session_time is refused with 405: ${bad}`);
    const found = await problems(s.page);
    assert.ok(found.some((p) => /LMSSetValue failed: 405/.test(p)), `the inspector warns about it:\n${found.join('\n')}`);
    // Moodle's iframe policy: no unload handlers, so this package never calls LMSFinish
    await s.page.check('#pv-q-unload');
    frame = await vendorFrame(s.page, 3);
    await s.page.click('#pv-relaunch');
    await vendorFrame(s.page, 4);
    await waitInPage(s.page, () => [...document.querySelectorAll('#pv-problems li')].some((li) => /without calling LMSFinish/.test(li.textContent)), null, {
      what: 'the inspector to say the page went away without LMSFinish',
    });
    await assertNoAxeViolations(s.page, 'the preview of a third-party package');
  } finally {
    await s.close();
    await pv.stop();
  }
});

test('a zip the validator finds unsafe is not served', async () => {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'coursepack-preview-evil-'));
  // an entry that climbs out of the package ("../evil.html"), written with Python's zipfile
  const zip = path.join(dir, 'evil.zip');
  const { execFileSync } = await import('node:child_process');
  execFileSync('python3', ['-c', `
import zipfile, sys
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    z.writestr('imsmanifest.xml', open(sys.argv[2]).read())
    z.writestr('index_lms.html', '<!doctype html><title>x</title>')
    z.writestr('../evil.html', '<script>parent.stolen = 1</script>')
`, zip, path.join(FIXTURE, 'imsmanifest.xml')]);
  const pv = await startPreview(zip);
  const s = await openPage(pv.url);
  try {
    await s.page.waitForFunction(() => !document.getElementById('pv-empty').hidden);
    assert.match(await s.page.locator('#pv-empty').innerText(), /not served: the validator found the package unsafe/);
    const res = await fetch(new URL('/content/0/index_lms.html', pv.url));
    assert.equal(res.status, 404, 'nothing of it is served');
    assert.match(pv.stderr(), /zip\//);
  } finally {
    await s.close();
    await pv.stop();
  }
});
