"""HTML5 parsing errors of a page (html5lib, offline): what the validity tests and others check."""

import html5lib


def parse_errors(html: str) -> list[str]:
    """html5lib's parse errors, each with its line and column; empty when the page is valid."""
    try:
        html5lib.HTMLParser(strict=True).parse(html)
    except html5lib.html5parser.ParseError:
        # Strict mode stops at the first error: parse again leniently to name them all.
        parser = html5lib.HTMLParser(strict=False)
        parser.parse(html)
        return [f"{line}:{col} {code} {data or ''}" for (line, col), code, data in parser.errors]
    return []
