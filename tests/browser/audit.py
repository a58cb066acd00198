"""Accessibility audit of a page in a real browser: axe-core (vendored, 4.14) for WCAG 2.1 A and AA,
and the references axe only reports as "to review": every aria-describedby, aria-labelledby,
aria-controls and label-for names an element that exists.

axe is put into the page through the DevTools protocol, so the page's Content-Security-Policy stays
in force for the test that runs in it."""

from pathlib import Path

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_SERIOUS = """async (tags) => (await axe.run(document, {runOnly: tags})).violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))"""

_DANGLING = """() => {
  const found = [];
  const attrs = ['aria-describedby', 'aria-labelledby', 'aria-controls', 'aria-errormessage'];
  for (const el of document.querySelectorAll(attrs.map(a => '[' + a + ']').join(','))) {
    for (const attr of attrs) {
      for (const id of (el.getAttribute(attr) || '').split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) { found.push(attr + '="' + id + '" on ' + el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')); }
      }
    }
  }
  for (const label of document.querySelectorAll('label[for]')) {
    if (!document.getElementById(label.htmlFor)) { found.push('label for="' + label.htmlFor + '" names nothing'); }
  }
  return found;
}"""


# The page as people read it, not half-way through a colour changing under the pointer: CSS
# transitions (a button's hover, 0.15 s in Bootstrap) are let finish first (at most 2 s, for a
# spinner that never does). Seen: the comment button under the pointer that had just clicked it
# measured mid-transition, at a contrast neither its rest nor its hover colours have.
_SETTLED = """async () => { await Promise.race([
  Promise.all(document.getAnimations().map(a => a.finished.catch(() => null))),
  new Promise(resolve => setTimeout(resolve, 2000)),
]); }"""


def violations(page) -> list[str]:
    """The serious and critical WCAG failures and the dangling references of the page as it is now."""
    page.evaluate(_SETTLED)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        session = page.context.new_cdp_session(page)
        try:
            session.send("Runtime.evaluate", {"expression": AXE})
        finally:
            session.detach()
    return page.evaluate(_SERIOUS, TAGS) + page.evaluate(_DANGLING)
