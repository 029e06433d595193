// The course page of xAPI course packages (the page a TinCan course package
// opens on), in Chromium: axe-core finds no WCAG 2.2 AA violation; a course
// with sections shows each section as a real heading over a list of its
// modules (named by that heading), in the order of tincan.xml; a keyboard
// reaches every module link in course order; and every link carries the
// launch parameters on to its module (assets/course.js).
//
//   COURSEPACK_E2E_PACKAGES=<dir with built zips> node --test tests/e2e/course-page.test.mjs

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { assertNoAxeViolations } from './lib/axe.mjs';
import { assertNoConsoleErrors, assertNoFailedRequests, assertSameOriginOnly, closeBrowser, openPage } from './lib/browser.mjs';
import { focused, tabbables } from './lib/keyboard.mjs';
import { findPackages } from './lib/packages.mjs';
import { startServer } from './lib/server.mjs';
import { extractZip, listZip, removeDir } from './lib/unzip.mjs';

const packagesDir = process.env.COURSEPACK_E2E_PACKAGES;

after(closeBrowser);

/** The xAPI zips that are course packages: a course page (index.html) and module folders. */
async function courseZips() {
  const out = [];
  for (const zip of packagesDir ? findPackages(packagesDir, 'xapi') : []) {
    const entries = await listZip(zip);
    if (entries.includes('index.html') && entries.includes('course.js')) out.push(zip);
  }
  return out;
}

/** The module launch paths in tincan.xml's order: `<folder>/index.html` of each module activity. */
function modulesInManifest(xml) {
  return [...xml.matchAll(/<activity\b[^>]*type="http:\/\/adlnet\.gov\/expapi\/activities\/module"[^>]*>[\s\S]*?<\/activity>/g)].map((m) => {
    const id = /\bid="[^"]*module\/([^"/]+)"/.exec(m[0]);
    return `${id?.[1]}/index.html`;
  });
}

if (!packagesDir) {
  test('COURSEPACK_E2E_PACKAGES names the directory of built packages', () => {
    assert.fail('COURSEPACK_E2E_PACKAGES is not set: run `cargo xtask e2e`');
  });
}

const zips = await courseZips();
if (packagesDir && zips.length === 0) {
  test('there are xAPI course packages to test', () => assert.fail(`no xAPI course package under ${packagesDir}`));
}

const sectioned = [];
after(() => {
  // modules-src ships a course with sections: the section checks below must have run on it.
  if (packagesDir && zips.length > 0) assert.ok(sectioned.length > 0, 'no xAPI course package with sections was tested');
});

for (const zip of zips) {
  describe(`xapi course page: ${path.relative(packagesDir, zip)}`, () => {
    let dir;
    let server;
    let order;
    const launch = '?endpoint=http%3A%2F%2F127.0.0.1%3A1%2Fxapi%2F&auth=Basic%20dGVzdA%3D%3D&registration=0f8fad5b-d9cb-469f-a165-70867728950e';
    before(async () => {
      dir = await extractZip(zip);
      order = modulesInManifest(fs.readFileSync(path.join(dir, 'tincan.xml'), 'utf8'));
      assert.ok(order.length > 1, 'a course lists several modules');
      server = await startServer({ root: dir });
    });
    after(async () => {
      await server?.close();
      if (dir) await removeDir(dir);
    });

    test('accessible structure, module links in course order, launch parameters passed on', async () => {
      const s = await openPage(server.url(`index.html${launch}`));
      try {
        const { page } = s;
        await page.waitForLoadState('load');
        await assertNoAxeViolations(page, `${path.basename(zip)} course page`);
        const structure = await page.evaluate(() => {
          const link = (a) => a.getAttribute('href');
          return {
            h1: document.querySelectorAll('h1').length,
            sections: [...document.querySelectorAll('main section')].map((section) => {
              const heading = section.firstElementChild;
              const list = section.querySelector('ol');
              const named = list && document.getElementById(list.getAttribute('aria-labelledby') ?? '');
              return {
                heading: heading?.tagName,
                title: heading?.textContent.trim(),
                listNamedByHeading: named === heading,
                sectionNamedByHeading: document.getElementById(section.getAttribute('aria-labelledby') ?? '') === heading,
                links: [...section.querySelectorAll('ol > li > a[data-module-link]')].map(link),
              };
            }),
            links: [...document.querySelectorAll('main ol > li > a[data-module-link]')].map(link),
          };
        });
        assert.equal(structure.h1, 1, 'one page title');
        const paths = structure.links.map((href) => href.split('?')[0]);
        assert.deepEqual(paths, order, 'the links follow tincan.xml, in course order');
        for (const href of structure.links) assert.ok(href.endsWith(launch), `${href} carries the launch parameters`);
        if (structure.sections.length > 0) {
          sectioned.push(zip);
          for (const section of structure.sections) {
            assert.equal(section.heading, 'H3', `section "${section.title}" starts with a level-3 heading (under the level-2 contents heading)`);
            assert.ok(section.title, 'the heading has text');
            assert.ok(section.listNamedByHeading && section.sectionNamedByHeading, `section "${section.title}" and its list are named by its heading`);
            assert.ok(section.links.length > 0, `section "${section.title}" lists its modules`);
          }
          assert.deepEqual(structure.sections.flatMap((x) => x.links), structure.links, 'every module link is inside a section');
        }
        // Tab from the top of the page: the module links take focus in course order.
        const stops = (await tabbables(page)).length;
        const reached = [];
        for (let n = 0; n < stops; n++) {
          await page.keyboard.press('Tab');
          const info = await focused(page);
          if (structure.links.includes(info.href)) reached.push(info.href);
        }
        assert.deepEqual(reached, structure.links, 'Tab reaches every module link, in course order');
        assertNoConsoleErrors(s, 'course page');
        assertSameOriginOnly(s, 'course page');
        assertNoFailedRequests(s, 'course page');
      } finally {
        await s.close();
      }
    });
  });
}
