import { describe, expect, it } from 'vitest';
import { decideNavigation, decideWindowOpen } from './navigation-policy';

describe('decideNavigation', () => {
  it.each([
    ['app://tertib/index.html', { action: 'allow' }],
    ['app://tertib/', { action: 'allow' }],
    ['https://example.com/help', { action: 'open-external', url: 'https://example.com/help' }],
    ['app://tertib.evil/', { action: 'deny' }],
    ['app://tertib@evil/', { action: 'deny' }],
    ['file:///etc/passwd', { action: 'deny' }],
    ['javascript:alert(1)', { action: 'deny' }],
    ['data:text/html,hi', { action: 'deny' }],
    ['https://user:pw@example.com/', { action: 'deny' }],
    [undefined, { action: 'deny' }],
  ])('%j → %j', (url, expected) => {
    expect(decideNavigation(url)).toEqual(expected);
  });
});

describe('decideWindowOpen', () => {
  it('never opens an app window, even on the app origin', () => {
    expect(decideWindowOpen('app://tertib/index.html')).toEqual({ action: 'deny' });
  });
  it('sends a trusted web link to the OS browser', () => {
    expect(decideWindowOpen('https://example.com/')).toEqual({
      action: 'open-external',
      url: 'https://example.com/',
    });
  });
  it('drops anything else', () => {
    expect(decideWindowOpen('about:blank')).toEqual({ action: 'deny' });
  });
});
