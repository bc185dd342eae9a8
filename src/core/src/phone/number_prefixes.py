"""The `prefixes` column of metadata.txt: which national numbers a region has, by their leading digits.

libphonenumber describes each number type of a region (fixed line, mobile, toll free, ...) with a regular
expression over the national number and a list of possible lengths. The widget ships no regex engine, so this
module turns those patterns into a digit trie a few levels deep: for each prefix, whether any number of the
region starts with it, and which lengths such numbers have. Used by generate_metadata.py.

Format of the column (a trie in one string, no separators needed):
    node  := item*
    item  := class ( "(" node ")" | "{" lengths "}" | "" )
    class := a digit, or "[" digits and ranges "]" such as [2-46-9]
An item whose class holds the next digit of the number is followed: "(" goes one digit deeper, "{9-10}" ends
the walk with the lengths (whole national number, as in the lengths column) numbers starting so may have, and
nothing at all ends it with the region's own lengths. A digit no item holds starts no number of the region. A
walk never goes deeper than the shortest possible number. `-` (the whole column) means any prefix.
Example: `1{9-10}[2-9](0{10}[1-9])`: numbers starting with 1 have 9 or 10 digits; after 2-9, a 0 starts only
10-digit numbers and 1-9 start numbers of any of the region's lengths; no number starts with 0.

The trie is exact up to its depth and generous below it: a leaf stands for every continuation of its prefix,
with every length some number under it has. So it never refuses a number libphonenumber accepts (the
generator checks this on libphonenumber's example numbers) but lets through some it refuses.
"""
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import sre_constants as C
    import sre_parse

MAX_LENGTH = 20  # longer than any national number
TYPE_NAMES = ("fixed_line", "mobile", "toll_free", "premium_rate", "shared_cost", "personal_number", "voip",
              "pager", "uan", "voicemail")


class Nfa:
    """A nondeterministic automaton over the digits, built from one number type's pattern."""

    def __init__(self, pattern):
        self.edges = []  # per state: list of (digits, target)
        self.empty = []  # per state: targets reached without reading a digit
        self.start = self.state()
        self.accept = self.build(list(sre_parse.parse(pattern)), self.start)
        self.remaining = self.remaining_lengths()

    def state(self):
        self.edges.append([])
        self.empty.append([])
        return len(self.edges) - 1

    def build(self, nodes, at):
        for op, av in nodes:
            at = self.build_one(op, av, at)
        return at

    def build_one(self, op, av, at):
        if op is C.LITERAL:
            return self.edge(at, {chr(av)})
        if op is C.IN:
            digits = set()
            for kind, value in av:
                if kind is C.LITERAL:
                    digits.add(chr(value))
                elif kind is C.RANGE:
                    digits.update(chr(c) for c in range(value[0], value[1] + 1))
                elif kind is C.CATEGORY and value is C.CATEGORY_DIGIT:
                    digits.update("0123456789")
                else:
                    raise ValueError(f"unsupported class item {kind}")
            return self.edge(at, digits)
        if op is C.CATEGORY and av is C.CATEGORY_DIGIT:
            return self.edge(at, set("0123456789"))
        if op is C.BRANCH:
            end = self.state()
            for branch in av[1]:
                self.empty[self.build(list(branch), at)].append(end)
            return end
        if op is C.SUBPATTERN:
            return self.build(list(av[3]), at)
        if op in (C.MAX_REPEAT, C.MIN_REPEAT):
            low, high, sub = av
            for _ in range(low):
                at = self.build(list(sub), at)
            if high is C.MAXREPEAT:
                loop_end = self.build(list(sub), at)
                self.empty[loop_end].append(at)
                return at
            end = self.state()
            for _ in range(high - low):
                self.empty[at].append(end)
                at = self.build(list(sub), at)
            self.empty[at].append(end)
            return end
        raise ValueError(f"unsupported pattern element {op}")

    def edge(self, at, digits):
        target = self.state()
        self.edges[at].append((frozenset(digits), target))
        return target

    def closure(self, states):
        seen, todo = set(states), list(states)
        while todo:
            for target in self.empty[todo.pop()]:
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
        return frozenset(seen)

    def remaining_lengths(self):
        """Per state: bit k set when the automaton can accept after reading exactly k more digits."""
        closures = [self.closure([s]) for s in range(len(self.edges))]
        remaining = [0] * len(self.edges)
        changed = True
        while changed:
            changed = False
            for s in range(len(self.edges)):
                mask = 0
                for t in closures[s]:
                    if t == self.accept:
                        mask |= 1
                    for _, target in self.edges[t]:
                        mask |= remaining[target] << 1
                mask &= (1 << (MAX_LENGTH + 1)) - 1
                if mask != remaining[s]:
                    remaining[s] = mask
                    changed = True
        return remaining

    def initial(self):
        return self.closure([self.start])

    def step(self, states, digit):
        return self.closure([t for s in states for digits, t in self.edges[s] if digit in digits])

    def lengths(self, states, read):
        """Bit n set when a number of n digits, `read` of them already read into `states`, can match."""
        mask = 0
        for s in states:
            mask |= self.remaining[s]
        return mask << read


def number_types(meta):
    """(automaton, allowed-length mask) for each number type of a region, as is_valid_number checks them."""
    general = [n for n in meta.general_desc.possible_length if n > 0]
    out = []
    for name in TYPE_NAMES:
        desc = getattr(meta, name)
        if desc is None or not desc.national_number_pattern:
            continue
        lengths = [n for n in (desc.possible_length or general) if n > 0 and n in general]
        out.append((Nfa(desc.national_number_pattern), sum(1 << n for n in lengths)))
    return out


def has_numbers_starting_with(types, prefix):
    """Whether some number of a type in `types` (as number_types gives them) starts with `prefix`."""
    for nfa, allowed in types:
        states = nfa.initial()
        for digit in prefix:
            states = nfa.step(states, digit)
        if nfa.lengths(states, len(prefix)) & allowed:
            return True
    return False


def build_trie(types, depth, states=None, read=0):
    """The numbers of a region as a trie `depth` digits deep: ("leaf", lengths) or ("inner", {digit: node},
    lengths), where `lengths` has bit n set when a number of n digits starts with the node's prefix."""
    if states is None:
        states = [nfa.initial() for nfa, _ in types]
    mask = 0
    for (nfa, allowed), at in zip(types, states):
        mask |= nfa.lengths(at, read) & allowed
    if depth == 0 or not mask:
        return ("leaf", mask)
    children = {}
    for digit in "0123456789":
        child = build_trie(types, depth - 1, [nfa.step(at, digit) for (nfa, _), at in zip(types, states)], read + 1)
        if lengths_of(child):
            children[digit] = child
    return collapse(("inner", children, mask))


def lengths_of(node):
    return node[1] if node[0] == "leaf" else node[2]


def collapse(node):
    """A node whose ten children are the same leaf is that leaf: every digit continues alike. (No number ends
    inside the trie, which is never deeper than the region's shortest number.)"""
    if node[0] == "leaf":
        return node
    children = node[1]
    if len(children) == 10 and all(child[0] == "leaf" for child in children.values()):
        alike = set(children.values())
        if len(alike) == 1:
            return alike.pop()
    return node


def truncate(node, depth):
    """The trie cut at `depth` digits: deeper nodes become leaves with all their lengths."""
    if node[0] == "leaf":
        return node
    if depth == 0:
        return ("leaf", node[2])
    children = {digit: truncate(child, depth - 1) for digit, child in node[1].items()}
    return collapse(("inner", children, node[2]))


def accepted_share(node, region_mask, leading=(), prefix=""):
    """The share of random numbers (a possible length, then random digits) that the trie lets through. When the
    region is told apart from others sharing its calling code by `leading` digits, only numbers starting with
    them reach it, so only they count."""
    if leading:
        leading = [digits for digits in leading if digits.startswith(prefix) or prefix.startswith(digits)]
        if not leading:
            return 0.0
    if node[0] == "leaf":
        lengths = bin(node[1] & region_mask).count("1") / bin(region_mask).count("1")
        if not leading:
            return lengths * 10.0 ** -len(prefix)
        return lengths * sum(10.0 ** -max(len(digits), len(prefix)) for digits in leading)
    return sum(accepted_share(child, region_mask, leading, prefix + digit) for digit, child in node[1].items())


def bits(mask):
    return [n for n in range(MAX_LENGTH + 1) if mask >> n & 1]


def format_lengths(mask):
    lengths, out, i = bits(mask), [], 0
    while i < len(lengths):
        j = i
        while j + 1 < len(lengths) and lengths[j + 1] == lengths[j] + 1:
            j += 1
        out.append(str(lengths[i]) if i == j else f"{lengths[i]}-{lengths[j]}")
        i = j + 1
    return ",".join(out)


def format_class(digits):
    if len(digits) == 1:
        return digits[0]
    values, out, i = sorted(int(d) for d in digits), "", 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[j] + 1:
            j += 1
        if j - i >= 2:
            out += f"{values[i]}-{values[j]}"
        else:
            out += "".join(str(v) for v in values[i:j + 1])
        i = j + 1
    return f"[{out}]"


def serialize(node, region_mask):
    if node[0] == "leaf":
        return "" if node[1] == region_mask else "{" + format_lengths(node[1]) + "}"
    groups = {}  # siblings with the same subtree share one class
    for digit, child in sorted(node[1].items()):
        body = serialize(child, region_mask)
        groups.setdefault(body if child[0] == "leaf" else "(" + body + ")", []).append(digit)
    items = sorted(groups.items(), key=lambda item: item[1][0])
    return "".join(format_class(digits) + body for body, digits in items)


def prefix_columns(meta, max_depth, leading=()):
    """The column for one region cut at each depth from 1 to `max_depth` (never deeper than its shortest
    number), as (depth, column, share of the random numbers reaching the region that it lets through)."""
    lengths = [n for n in meta.general_desc.possible_length if n > 0]
    region_mask = sum(1 << n for n in lengths)
    types = number_types(meta)
    if not types:
        return [(1, "-", 1.0)]
    deepest = build_trie(types, min(max_depth, min(lengths)))
    out = []
    for depth in range(1, min(max_depth, min(lengths)) + 1):
        trie = truncate(deepest, depth)
        share = accepted_share(trie, region_mask, leading)
        if trie == ("leaf", region_mask):
            out.append((depth, "-", share))
            continue
        if trie[0] == "leaf":
            trie = ("inner", {digit: trie for digit in "0123456789"}, trie[1])
        out.append((depth, serialize(trie, region_mask), share))
    return out


def choose_depths(options, fits):
    """Picks one column per region from its `prefix_columns` options, as deep as `fits(columns)` allows.

    Deepening a region costs bytes and gains by the share of random numbers it stops letting through; every
    region weighs the same. Greedily, the deepening with the best gain per byte is taken while the columns stay
    within a byte budget, and the budget is the largest for which `fits` holds (binary search)."""

    def greedy(budget):
        chosen = [0] * len(options)
        used = sum(len(option[0][1]) for option in options)
        while True:
            best = None
            for index, option in enumerate(options):
                at = option[chosen[index]]
                for deeper in range(chosen[index] + 1, len(option)):
                    cost = len(option[deeper][1]) - len(at[1])
                    gain = at[2] - option[deeper][2]
                    if gain > 0 and used + cost <= budget:
                        ratio = gain / max(cost, 1)
                        if best is None or ratio > best[0]:
                            best = (ratio, index, deeper, cost)
            if best is None:
                return [option[i][1] for option, i in zip(options, chosen)]
            _, index, deeper, cost = best
            chosen[index] = deeper
            used += cost

    low, high = 0, sum(len(option[-1][1]) for option in options)
    if not fits(greedy(low)):
        raise SystemExit("even the shallowest prefixes column does not fit the budget")
    while low < high:
        middle = (low + high + 1) // 2
        if fits(greedy(middle)):
            low = middle
        else:
            high = middle - 1
    return greedy(low)


def lookup(column, region_mask, national):
    """The lengths numbers starting like `national` may have (0: no number starts so), as metadata.rs reads it."""
    if column == "-":
        return region_mask
    at, depth = 0, 0
    while True:
        if depth >= len(national):
            return region_mask  # the walk reached the end of the number: only its length is checked
        digit = national[depth]
        while at < len(column) and column[at] != ")":
            digits, at = read_class(column, at)
            if digit in digits:
                break
            at = skip_body(column, at)
        else:
            return 0
        if at < len(column) and column[at] == "(":
            at, depth = at + 1, depth + 1
            continue
        if at < len(column) and column[at] == "{":
            end = column.index("}", at)
            return parse_lengths(column[at + 1:end])
        return region_mask


def read_class(column, at):
    if column[at] != "[":
        return {column[at]}, at + 1
    end = column.index("]", at)
    body, digits, i = column[at + 1:end], set(), 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            digits.update(str(d) for d in range(int(body[i]), int(body[i + 2]) + 1))
            i += 3
        else:
            digits.add(body[i])
            i += 1
    return digits, end + 1


def skip_body(column, at):
    if at < len(column) and column[at] == "{":
        return column.index("}", at) + 1
    if at < len(column) and column[at] == "(":
        depth = 0
        while True:
            depth += {"(": 1, ")": -1}.get(column[at], 0)
            at += 1
            if depth == 0:
                return at
    return at


def parse_lengths(text):
    mask = 0
    for part in text.split(","):
        low, _, high = part.partition("-")
        for n in range(int(low), int(high or low) + 1):
            mask |= 1 << n
    return mask
