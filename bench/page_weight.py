"""Bytes transferred for one page, phone and desktop, as Chromium loads it.

    .venv/bin/python bench/page_weight.py http://127.0.0.1:8000/news/<slug>/

Scrolls to the bottom so lazy pictures count too. Budget: 115 KiB for the reference
article page with its picture and fonts.
"""

import sys

from playwright.sync_api import sync_playwright

BUDGET_KIB = 115


def out(line: str) -> None:
    sys.stdout.write(line + "\n")


VIEWPORTS = {
    "phone (412x823 @1.75x)": {"viewport": {"width": 412, "height": 823}, "dpr": 1.75},
    "desktop (1350x940 @1x)": {"viewport": {"width": 1350, "height": 940}, "dpr": 1},
}


def measure(browser, url, viewport, dpr):
    context = browser.new_context(viewport=viewport, device_scale_factor=dpr)
    page = context.new_page()
    sizes = {}

    def on_finished(request):
        response = request.response()
        if response is None:
            return
        body = response.body() if request.method == "GET" else b""
        headers = sum(len(k) + len(v) + 4 for k, v in response.headers.items())
        sizes[request.url] = len(body) + headers

    page.on("requestfinished", on_finished)
    # Not "networkidle": Chromium never reports the keepalive view beacon as finished.
    page.goto(url, wait_until="load")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(1500)
    context.close()
    return sizes


def main(url):
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        for name, options in VIEWPORTS.items():
            sizes = measure(browser, url, options["viewport"], options["dpr"])
            total = sum(sizes.values()) / 1024
            out(
                f"\n{name}: {len(sizes)} requests, {total:.1f} KiB "
                f"({'within' if total < BUDGET_KIB else 'OVER'} {BUDGET_KIB} KiB)"
            )
            for resource, size in sorted(sizes.items(), key=lambda kv: -kv[1]):
                out(f"  {size / 1024:7.1f} KiB  {resource[-70:]}")
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1])
