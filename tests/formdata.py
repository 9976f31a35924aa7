"""What a browser posts when a rendered form is submitted as it stands.

Form tests post exactly this, edited where the test types something: every successful control
of the form (HTML's "constructing the entry list"), empty text inputs as empty strings, hidden
inputs as rendered, unchecked boxes left out, and the inline formsets' empty-form templates
(`__prefix__` rows) too, since a browser sends them. Helpers that rebuilt the data from the
form objects dropped empty values, so the suite never sent the empty `version` a browser sends.
"""

from html.parser import HTMLParser

SKIPPED_INPUT_TYPES = {"submit", "button", "image", "reset", "file"}


class _FormParser(HTMLParser):
    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.found = False
        self.entries: list[tuple[str, str]] = []
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def _wanted(self, attrs: dict) -> bool:
        if self.form_id is not None:
            return attrs.get("id") == self.form_id
        # The admin's change form (the page also holds the logout form).
        return (attrs.get("id") or "").endswith("_form") and not self.found

    def handle_starttag(self, tag, attrs):
        attrs = {name: (value if value is not None else "") for name, value in attrs}
        if tag == "form":
            if not self.found and self._wanted(attrs):
                self.in_form = self.found = True
            return
        if not self.in_form:
            return
        disabled = "disabled" in attrs
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            name = attrs.get("name")
            if not name or disabled or kind in SKIPPED_INPUT_TYPES:
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.entries.append((name, attrs.get("value", "on")))
                return
            self.entries.append((name, attrs.get("value", "")))
        elif tag == "select":
            self._select = {
                "name": None if disabled else attrs.get("name"),
                "multiple": "multiple" in attrs,
                "options": [],
            }
        elif tag == "option" and self._select is not None:
            self._option = {
                "value": attrs.get("value"),
                "text": "",
                "selected": "selected" in attrs,
            }
            self._select["options"].append(self._option)
        elif tag == "textarea":
            self._textarea = {"name": None if disabled else attrs.get("name"), "text": ""}

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            select, self._select = self._select, None
            if not select["name"]:
                return
            options = select["options"]
            chosen = [o for o in options if o["selected"]]
            if not chosen and not select["multiple"] and options:
                chosen = options[:1]
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"]
                self.entries.append((select["name"], value))
        elif tag == "textarea" and self._textarea is not None:
            area, self._textarea = self._textarea, None
            if area["name"]:
                text = area["text"]
                # The newline right after <textarea> is not part of the value.
                self.entries.append((area["name"], text.removeprefix("\n")))


def posted_data(response_or_html, *, form_id: str | None = None) -> dict:
    """The data a browser would post from the form (the admin change form by default) of a
    rendered page, as a dict for Django's test client: a name given several values maps to
    their list."""
    html = getattr(response_or_html, "content", response_or_html)
    if isinstance(html, bytes):
        html = html.decode()
    parser = _FormParser(form_id)
    parser.feed(html)
    parser.close()
    if not parser.found:
        raise AssertionError(f"no form {form_id or '…_form'} on the page")
    data: dict = {}
    for name, value in parser.entries:
        if name in data:
            if not isinstance(data[name], list):
                data[name] = [data[name]]
            data[name].append(value)
        else:
            data[name] = value
    return data
