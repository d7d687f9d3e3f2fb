import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium (scripts/test.mjs installs it when missing); never a downloaded browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Where the tests write their screenshots: over the README's (docs/screenshots/) only when
 * UPDATE_SCREENSHOTS=1, so that a test run leaves the working tree as it found it.
 */
export const SCREENSHOTS = path.join(
  __dirname,
  '..',
  '..',
  ...(process.env.UPDATE_SCREENSHOTS === '1' ? ['docs', 'screenshots'] : ['.cache', 'screenshots']),
);

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile (its own user-data dir, removed on close). */
export async function launchBrowser(): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hookstream-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1280, height: 860 },
    deviceScaleFactor: 1,
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  context.setDefaultTimeout(20_000);
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until `locator`'s text contains `text` (pages refresh on their own). */
export async function waitForText(
  locator: Locator,
  text: string | RegExp,
  timeout = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const content = (await locator.allTextContents()).join('\n');
    if (typeof text === 'string' ? content.includes(text) : text.test(content)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `waited ${timeout} ms for ${String(text)}; the page shows: ${content.slice(0, 500)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  // Let transitions and the latest refresh settle: wait for network quiet, not a fixed time.
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Whether the page scrolls sideways (it must not, on a narrow screen). */
export async function overflowsHorizontally(page: Page): Promise<boolean> {
  // Expressions as text: they run in the page, and this program has no DOM types.
  return (
    (await page.evaluate('document.documentElement.scrollWidth > window.innerWidth + 1')) === true
  );
}

/** What has the keyboard focus, and whether it shows an outline. */
export function focusedElement(
  page: Page,
): Promise<{ text: string; tag: string; label: string; outline: string }> {
  return page.evaluate<{ text: string; tag: string; label: string; outline: string }>(`(() => {
    const element = document.activeElement;
    return {
      text: (element?.textContent ?? '').trim(),
      tag: element?.tagName ?? '',
      label: (element?.getAttribute('aria-label') ?? element?.labels?.[0]?.textContent ?? element?.id ?? '').trim(),
      outline: element ? getComputedStyle(element).outlineStyle : 'none',
    };
  })()`);
}
