"""A fast yes/no check of a document against the interchange JSON Schema.

jsonschema takes about 350 µs per citation (7 s for 20,000, minutes for a million), mostly in
resolving `$ref`s and building error objects. The schema uses a small set of keywords, so it is
compiled once into plain Python predicates that answer "valid or not" in a few µs per record.
The predicate is strict: when it says no (or meets a keyword it does not know, which it hands
to jsonschema), the importer runs jsonschema for the precise messages, so error reports do not
change. `conforms(document)` is True only when jsonschema would report nothing.
"""

import re
from collections.abc import Callable
from functools import cache

import jsonschema

from interchange.format import schema

Check = Callable[[object], bool]

# Keywords that only annotate: they never make a document invalid.
ANNOTATIONS = {"$schema", "$id", "$defs", "title", "description", "$comment", "examples"}
TYPES = {
    "string": lambda v: isinstance(v, str),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
}


def conforms(document) -> bool:
    return _compiled()(document)


@cache
def _compiled() -> Check:
    return Compiler(schema()).compile(schema())


class Compiler:
    def __init__(self, root: dict):
        self.root = root
        self.refs: dict[str, Check] = {}
        self.fallback = jsonschema.Draft202012Validator(root)

    def compile(self, node) -> Check:
        if node is True:
            return lambda v: True
        if node is False or not isinstance(node, dict):
            return lambda v: False
        node = {key: value for key, value in node.items() if key not in ANNOTATIONS}
        if set(node) - set(KEYWORDS):
            # Not understood here: ask jsonschema (refs still resolve against the root).
            return self.fallback.evolve(schema=node).is_valid
        if set(node) == {"$ref"}:
            return self.ref(node["$ref"])
        if node.get("type") == "string" and set(node) <= STRING_KEYWORDS:
            return _string(node)
        if node.get("type") == "object" and set(node) <= OBJECT_KEYWORDS:
            return self._object(node)
        checks = [KEYWORDS[key](self, value, node) for key, value in node.items()]
        if len(checks) == 1:
            return checks[0]
        return lambda v: all(check(v) for check in checks)

    def ref(self, target: str) -> Check:
        if not target.startswith("#/"):
            return self.fallback.evolve(schema={"$ref": target}).is_valid
        if target not in self.refs:
            # A forwarding placeholder while compiling, for recursive definitions.
            self.refs[target] = lambda v: self.refs[target](v)
            node = self.root
            for part in target[2:].split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            self.refs[target] = self.compile(node)
        return self.refs[target]

    def _object(self, node) -> Check:
        """One closure for the usual record: known properties, required ones, no others."""
        properties = {name: self.compile(sub) for name, sub in node.get("properties", {}).items()}
        required = tuple(node.get("required", ()))
        closed = node.get("additionalProperties", True) is False
        extra = None if closed else self.compile(node.get("additionalProperties", True))

        def check(v):
            if type(v) is not dict:
                return False
            for key in required:
                if key not in v:
                    return False
            for key, item in v.items():
                sub = properties.get(key)
                if sub is None:
                    if closed or not extra(item):
                        return False
                elif not sub(item):
                    return False
            return True

        return check


STRING_KEYWORDS = {"type", "enum", "pattern", "maxLength", "minLength"}
OBJECT_KEYWORDS = {"type", "properties", "required", "additionalProperties"}


def _string(node) -> Check:
    choices = frozenset(node["enum"]) if "enum" in node else None
    if choices is not None and not all(isinstance(item, str) for item in choices):
        choices = frozenset()  # a non-string choice can never match a string: strict
    search = re.compile(node["pattern"]).search if "pattern" in node else None
    low, high = node.get("minLength", 0), node.get("maxLength")

    def check(v):
        if type(v) is not str:
            return False
        if choices is not None and v not in choices:
            return False
        if high is not None and len(v) > high:
            return False
        if len(v) < low:
            return False
        return search is None or search(v) is not None

    return check


def _type(compiler, value, node) -> Check:
    names = [value] if isinstance(value, str) else list(value)
    if len(names) == 1:
        return TYPES[names[0]]
    tests = [TYPES[name] for name in names]
    return lambda v: any(test(v) for test in tests)


def _enum(compiler, value, node) -> Check:
    # Equal and of the same JSON type (True is not 1 in JSON Schema).
    return lambda v: any(type(v) is type(item) and v == item for item in value)


def _const(compiler, value, node) -> Check:
    return lambda v: type(v) is type(value) and v == value


def _pattern(compiler, value, node) -> Check:
    search = re.compile(value).search
    return lambda v: not isinstance(v, str) or search(v) is not None


def _max_length(compiler, value, node) -> Check:
    return lambda v: not isinstance(v, str) or len(v) <= value


def _min_length(compiler, value, node) -> Check:
    return lambda v: not isinstance(v, str) or len(v) >= value


def _minimum(compiler, value, node) -> Check:
    return lambda v: not TYPES["number"](v) or v >= value


def _required(compiler, value, node) -> Check:
    return lambda v: not isinstance(v, dict) or all(key in v for key in value)


def _properties(compiler, value, node) -> Check:
    checks = {name: compiler.compile(sub) for name, sub in value.items()}

    def check(v):
        if not isinstance(v, dict):
            return True
        for key, item in v.items():
            sub = checks.get(key)
            if sub is not None and not sub(item):
                return False
        return True

    return check


def _additional_properties(compiler, value, node) -> Check:
    known = set(node.get("properties", {}))
    if "patternProperties" in node:
        return compiler.fallback.evolve(schema=node).is_valid
    if value is False:
        return lambda v: not isinstance(v, dict) or known.issuperset(v)
    extra = compiler.compile(value)
    return lambda v: (
        not isinstance(v, dict) or all(extra(item) for key, item in v.items() if key not in known)
    )


def _items(compiler, value, node) -> Check:
    check = compiler.compile(value)
    return lambda v: not isinstance(v, list) or all(check(item) for item in v)


def _any_of(compiler, value, node) -> Check:
    checks = [compiler.compile(sub) for sub in value]

    return lambda v: any(one(v) for one in checks)


def _ref(compiler, value, node) -> Check:
    return compiler.ref(value)


KEYWORDS = {
    "type": _type,
    "enum": _enum,
    "const": _const,
    "pattern": _pattern,
    "maxLength": _max_length,
    "minLength": _min_length,
    "minimum": _minimum,
    "required": _required,
    "properties": _properties,
    "additionalProperties": _additional_properties,
    "items": _items,
    "anyOf": _any_of,
    "$ref": _ref,
}
