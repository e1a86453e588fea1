#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# explain-check.py: the generator's --explain and --since answers checked against the registry's XML, read here on its own.
"""Usage: explain-check.py [options] REGISTRY.xml
       explain-check.py validate SCHEMA FILE...

Reads REGISTRY with xml.etree.ElementTree, implements docs' matching and rendering rules (the contract in
the generator's --explain) by itself, draws PORTS ports and NAMES names with a fixed seed, asks the
generator ($GEN, or --gen) each one with --json under --no-default-overlay, and compares every field of
every record, the records' order and count, port_range, lines (against the services file the generator
writes for the same registry) and the exit status. For every TEXT_EVERY-th question it also checks the
text output. --since DATE (repeatable) checks that the records listed are those dated later, field by
field. With --schema, every JSON document must validate against it (python3-jsonschema; its absence is
an error, not a skip), and a document with a key taken out must not.

Options:
  --gen PATH           the generator (default: $GEN)
  --ports N            ports to draw (default 200)
  --names N            names to draw (default 200)
  --seed N             the draw's seed (default 24)
  --text-every K       check the text output of every K-th question (default 5)
  --since DATE         check --since DATE (repeatable)
  --schema FILE        validate every JSON document against FILE
  --jobs N             questions asked at once (default 2)
  --tmpdir DIR         where the services file is written (default $TMPDIR)
  --require CATEGORY   fail unless the draw holds a question of CATEGORY (repeatable; see CATEGORIES)
  --break FIELD        change FIELD (a record's key, port_range, lines, status or xml_line) in every
                       expected answer, or (text) every record's description in the text expected, to
                       show that the check catches it; the run must then fail

Prints each mismatch with its question, then a summary; exits 1 on any mismatch, 2 on a usage error.

validate: checks that each FILE is one JSON document that SCHEMA accepts; prints what does not, and
exits 1 if any.
"""
import concurrent.futures
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

WHITESPACE = re.compile('[ \t\r\n]+')
UPPER = str.maketrans('abcdefghijklmnopqrstuvwxyz', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')
LOWER = str.maketrans('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
BREAK = object()  # a <br/> while rendering
CATEGORIES = ['port in a range', 'reserved port', 'unassigned port', 'port with a protocol-less record',
              'port without a protocol-less record', 'dynamic port', 'port alone', 'port/protocol',
              'port/unknown protocol', 'name in upper case', 'name in mixed case', 'name without a port',
              'name with several records', 'name/protocol', 'unknown name']
# The forms of issue 24, asked whatever the draw.
ISSUE_QUESTIONS = ['5993/tcp', '5993', 'imaps', 'IMAPS', '6010/tcp', '49152/tcp']
RANGES = [(0, 1023, 'System Ports', True), (1024, 49151, 'User Ports', True),
          (49152, 65535, 'Dynamic and/or Private Ports', False)]


def fold(s):
    return s.translate(LOWER)


def local(tag):
    return tag.rsplit('}', 1)[-1] if isinstance(tag, str) else None


class Registry:
    """The registry as its XML says it, by the contract's rules."""

    def __init__(self, path):
        self.path = path
        with open(path, 'rb') as f:
            data = f.read()
        root = ET.fromstring(data)
        self.updated = None
        for child in root:
            if local(child.tag) == 'updated':
                self.updated = (child.text or '').strip() or None
        self.footnotes = {}
        self.people = {}
        for el in root.iter():
            tag = local(el.tag)
            if tag == 'footnote' and el.get('anchor') is not None:
                self.footnotes.setdefault(el.get('anchor'), el)
            elif tag == 'person' and el.get('id') is not None:
                self.people.setdefault(el.get('id'), el)
        elements = [el for el in root.iter() if local(el.tag) == 'record']
        lines = self.record_lines(data)
        if len(lines) != len(elements):
            raise SystemExit('%s: %d <record> start tags in the text, %d record elements' % (
                path, len(lines), len(elements)))
        self.records = [self.record(el, line) for el, line in zip(elements, lines)]

    @staticmethod
    def record_lines(data):
        """The line of each <record start tag, in document order, comments and CDATA blanked first."""
        text = data.decode('utf-8')
        blank = lambda m: re.sub('[^\n]', ' ', m.group())
        text = re.sub(r'<!--.*?-->|<!\[CDATA\[.*?\]\]>', blank, text, flags=re.S)
        lines, line, at = [], 1, 0
        for m in re.finditer(r'<record[\s/>]', text):
            line += text.count('\n', at, m.start())
            at = m.start()
            lines.append(line)
        return lines

    # Mixed content: text, an inline <xref>'s label and any other element's content run together, <br/> a
    # break; in each line, every run of whitespace (across them too) one space; lines trimmed, empty ones
    # dropped.
    def pieces(self, el, out):
        if el.text:
            out.append(el.text)
        for child in el:
            tag = local(child.tag)
            if tag == 'br':
                out.append(BREAK)
            elif tag == 'xref':
                label = self.label(child)
                if label is not None:
                    out.append(label)
            elif tag is not None:
                self.pieces(child, out)
            if child.tail:
                out.append(child.tail)
        return out

    def render(self, el):
        if el is None:
            return None
        lines, current = [], ''
        for piece in self.pieces(el, []) + [BREAK]:
            if piece is BREAK:
                lines.append(WHITESPACE.sub(' ', current).strip(' '))
                current = ''
            else:
                current += piece
        return '\n'.join(line for line in lines if line) or None

    def person(self, pid):
        el = self.people.get(pid)
        fields = {}
        for key in ('name', 'org', 'uri'):
            fields[key] = self.render(el.find('{*}' + key)) if el is not None else None
        return {'id': pid, **fields}

    @staticmethod
    def person_label(p):
        return p['name'] or p['org'] or p['id']

    def label(self, xref):
        kind, data = xref.get('type'), xref.get('data')
        text = self.render(xref)
        if kind == 'rfc':
            m = re.fullmatch('[rR][fF][cC]([0-9]+)', data or '')
            return 'RFC ' + m.group(1) if m else data
        if kind == 'person':
            return self.person_label(self.person(data))
        if kind == 'note':
            note = self.footnotes.get(data)
            rendered = self.render(note) if note is not None else None
            return rendered if rendered is not None else 'note %s' % data
        if kind == 'draft':
            return data
        if kind == 'text':
            return text
        return text if text is not None else data

    def record(self, el, line):
        def child(tag):
            return next((c for c in el if local(c.tag) == tag), None)

        def plain(tag):
            c = child(tag)
            return (c.text or '').strip() or None if c is not None else None

        number = plain('number')
        ports = None
        if number is not None:
            first, _, last = number.partition('-')
            ports = {'first': int(first), 'last': int(last or first)}
        assignees, contacts, references = [], [], []
        for c in el:
            tag = local(c.tag)
            if tag == 'assignee':
                assignees += [self.person(x.get('data')) for x in c.iter() if local(x.tag) == 'xref'
                              and x.get('type') == 'person']
            elif tag == 'contact':
                contacts += [self.person(x.get('data')) for x in c.iter() if local(x.tag) == 'xref'
                             and x.get('type') == 'person']
            elif tag == 'xref' and c.get('type') == 'person':
                contacts.append(self.person(c.get('data')))
            elif tag == 'xref':
                references.append({'type': c.get('type'), 'data': c.get('data'), 'text': self.label(c)})
        notes = [self.render(c) for c in el if local(c.tag) == 'note']
        date = lambda key: (el.get(key) or '').strip() or None
        return {
            'xml_line': line,
            'name': plain('name'),
            'ports': ports,
            'protocol': plain('protocol'),
            'description': self.render(child('description')),
            'assignees': assignees,
            'contacts': contacts,
            'references': references,
            'registered': date('date'),
            'modified': date('updated'),
            'notes': [n for n in notes if n is not None],
            'unauthorized': self.render(child('unauthorized')),
            'service_code': plain('sc'),
        }


class ServicesFile:
    """The canonical services file the generator writes for the same inputs: its entry lines."""

    def __init__(self, path):
        self.lines = []
        with open(path, encoding='utf-8') as f:
            for text in f.read().split('\n'):
                if not text.strip() or text.lstrip().startswith('#'):
                    continue
                entry, _, comment = text.partition('#')
                fields = entry.split()
                port, _, protocol = fields[1].partition('/')
                self.lines.append({'text': text, 'names': [fields[0]] + fields[2:], 'port': int(port),
                                   'protocol': protocol, 'description': comment.strip() or None})

    def for_port(self, port, protocol):
        return [l for l in self.lines if l['port'] == port and protocol in (None, l['protocol'])]

    def for_name(self, name, protocol):
        return [l for l in self.lines if fold(name) in map(fold, l['names']) and protocol in (None, l['protocol'])]


def parse_question(q):
    """(port, name, protocol) of a question."""
    head, _, protocol = q.partition('/')
    if re.fullmatch('[0-9]+', head):
        return int(head), None, protocol or None
    return None, head, protocol or None


def port_range(port):
    for first, last, name, assigned in RANGES:
        if first <= port <= last:
            return {'first': first, 'last': last, 'name': name, 'assigned': assigned}


def protocol_matches(record, protocol):
    return protocol is None or record['protocol'] in (None, protocol)


def expected_answer(reg, services, q):
    port, name, protocol = parse_question(q)
    if port is not None:
        records = [r for r in reg.records if r['ports'] and r['ports']['first'] <= port <= r['ports']['last']
                   and protocol_matches(r, protocol)]
        lines = services.for_port(port, protocol)
    else:
        records = [r for r in reg.records if r['name'] is not None and fold(r['name']) == fold(name)
                   and protocol_matches(r, protocol)]
        lines = services.for_name(name, protocol)
    source = {'kind': 'registry', 'file': reg.path}
    return {
        'question': q,
        'registry': {'file': reg.path, 'updated': reg.updated},
        'name': name,
        'port': port,
        'protocol': protocol,
        'port_range': port_range(port) if port is not None else None,
        'records': records,
        'lines': [dict(l, source=source, also=[]) for l in lines],
        'status': 0 if records or lines else 1,
    }


def same_descriptions(expected, got):
    """The lines got, but where a line's description is the whole registry description that the line's
    comment cuts short with "...", the comment: the contract's LINE says the line's description, the
    generator gives the record's; either is taken."""
    if not isinstance(got, list):
        return got
    out = []
    for e, g in zip(expected, got):
        if isinstance(g, dict) and isinstance(g.get('description'), str) and (e['description'] or '').endswith('...') \
                and g['description'].startswith(e['description'][:-3]):
            g = dict(g, description=e['description'])
        out.append(g)
    return out + got[len(expected):]


def check_file(services, q, record, got, say):
    """A record's file: listed where the name is on the line of the asked port (or its first), for its
    protocol, at that line; otherwise a reason, and at the first line that answers NAME/PROTOCOL."""
    if record['name'] is None:
        if got is not None:
            say('file: expected null for a record without a name, got %r' % (got,))
        return
    if not isinstance(got, dict):
        say('file: expected an object, got %r' % (got,))
        return
    port, _, asked = parse_question(q)
    protocol = record['protocol'] or asked
    if record['ports'] is None:
        listed = False
    elif protocol is None:
        return  # no protocol asked and none in the record: the contract names no line
    else:
        at_port = port if port is not None else record['ports']['first']
        listed = any(fold(record['name']) in map(fold, l['names']) for l in services.for_port(at_port, protocol))
    if got.get('listed') is not listed:
        say('file.listed: expected %r, got %r' % (listed, got.get('listed')))
    if listed:
        at = {'port': at_port, 'protocol': protocol}
        if got.get('why') is not None or got.get('at') != at:
            say('file: listed, expected why null and at %r, got why %r, at %r' % (at, got.get('why'), got.get('at')))
        return
    if not isinstance(got.get('why'), str) or not got['why']:
        say('file.why: expected a reason, got %r' % (got.get('why'),))
    if protocol is None:
        return
    answering = services.for_name(record['name'], protocol)
    at = {'port': answering[0]['port'], 'protocol': protocol} if answering else None
    if got.get('at') != at:
        say('file.at: expected %r, got %r' % (at, got.get('at')))


def compare_records(expected, got, say, services=None, q=None, xml_text=None, truth=None):
    """Every field of every record, their order and count; with services, each record's file (from truth,
    the records unbroken)."""
    truth = truth or expected
    if not isinstance(got, list):
        say('records: expected a list, got %r' % (got,))
        return
    if len(expected) != len(got):
        say('records: expected %d (XML lines %s), got %d (%s)' % (
            len(expected), [r['xml_line'] for r in expected], len(got),
            [r.get('xml_line') if isinstance(r, dict) else r for r in got]))
    for i, (e, t, g) in enumerate(zip(expected, truth, got)):
        where = lambda msg, i=i, t=t: say('record %d (XML line %d, %s): %s' % (i, t['xml_line'], t['name'], msg))
        if not isinstance(g, dict):
            where('not an object: %r' % (g,))
            continue
        for key, value in e.items():
            if g.get(key, KeyError) != value:
                where('%s: expected %s, got %s' % (key, json.dumps(value), json.dumps(g.get(key, '(missing)'))))
        extra = set(g) - set(e) - ({'file'} if services is not None else set())
        if extra:
            where('keys the contract does not have: %s' % sorted(extra))
        if xml_text is not None and isinstance(g.get('xml_line'), int):
            n = g['xml_line']
            if not (1 <= n <= len(xml_text) and re.search(r'<record[\s/>]', xml_text[n - 1])):
                where('line %d of the XML does not start a <record>' % n)
        if services is not None:
            if 'file' not in g:
                where('file: missing')
            else:
                check_file(services, q, t, g['file'], where)
        elif 'file' in g:
            where('file: present under --since, where the contract omits it')


# Text output.
def person_line(kind, p):
    label = Registry.person_label(p)
    return ['  %s: %s' % (kind, label + (' <%s>' % p['uri'] if p['uri'] else ''))]


def valued(prefix, text):
    """A value's lines: the first after its prefix, the others indented by four spaces."""
    first, *rest = text.split('\n')
    return [prefix + first] + ['    ' + line for line in rest]


def header(record):
    ports = record['ports']
    if ports is None:
        where = '%s (no port)' % record['name']
    else:
        number = '%d' % ports['first'] if ports['first'] == ports['last'] else '%d-%d' % (ports['first'], ports['last'])
        where = (record['name'] + ' ' if record['name'] else '') + number
    where += '/' + record['protocol'] if record['protocol'] else ''
    return valued(where + ': ', record['description']) if record['description'] else [where]


def check_text(reg, expected, out, say):
    lines = out.split('\n')
    if lines and lines[-1] == '':
        lines.pop()
    at = 0
    if expected['port'] is not None:
        r = expected['port_range']
        first = '%d%s: in the %s (%d-%d)%s' % (expected['port'], '/' + expected['protocol'] if expected['protocol'] else '',
                                                r['name'], r['first'], r['last'],
                                                '' if r['assigned'] else ', which IANA does not assign')
        if not lines or lines[0] != first:
            say('text: first line expected %r, got %r' % (first, lines[0] if lines else None))
        at = 1
    for record in expected['records']:
        head = header(record)
        start = next((i for i in range(at, len(lines) - len(head) + 1) if lines[i:i + len(head)] == head), None)
        if start is None:
            say('text: no header %r after line %d' % ('\n'.join(head), at))
            continue
        end = next((i for i in range(start + len(head), len(lines))
                    if not lines[i].startswith('  ')), len(lines))
        block = lines[start + len(head):end]
        kinds = [('assignee', [person_line('assignee', p) for p in record['assignees']]),
                 ('contact', [person_line('contact', p) for p in record['contacts']]),
                 ('reference', [valued('  reference: ', x['text']) for x in record['references'] if x['text']]),
                 ('note', [valued('  note: ', n) for n in record['notes']])]
        if record['registered']:
            kinds.append(('registered', [['  registered: ' + record['registered']]]))
        if record['modified']:
            kinds.append(('modified', [['  modified: ' + record['modified']]]))
        for kind, wanted in kinds:
            pos = 0
            for want in wanted:
                found = next((i for i in range(pos, len(block) - len(want) + 1) if block[i:i + len(want)] == want), None)
                if found is None:
                    say('text: record at XML line %d: no %r in its block (in order): %r' % (
                        record['xml_line'], '\n'.join(want), block))
                    break
                pos = found + len(want)
        at = end
    if expected['lines']:
        for line in expected['lines']:
            want = ['services file: ' + line['text'], '  from the registry, ' + reg.path]
            found = next((i for i in range(at, len(lines) - 1) if lines[i:i + 2] == want), None)
            if found is None:
                say('text: no %r after line %d' % ('\n'.join(want), at))
            else:
                at = found + 2
    elif 'services file: no line for %s' % expected['question'] not in lines[at:]:
        say('text: no %r' % ('services file: no line for %s' % expected['question']))


def load_validator(path):
    try:
        import jsonschema
    except ImportError:
        raise SystemExit('explain-check: validating needs python3-jsonschema, which is not installed')
    with open(path, encoding='utf-8') as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def schema_error(errors):
    """The most telling of a document's schema errors, and where it is."""
    import jsonschema.exceptions
    error = jsonschema.exceptions.best_match(errors)
    return '%s at /%s (%d errors)' % (error.message[:300], '/'.join(map(str, error.absolute_path)), len(errors))


def validate_files(schema, files):
    validator = load_validator(schema)
    bad = 0
    for path in files:
        with open(path, encoding='utf-8') as f:
            try:
                doc = json.load(f)
            except ValueError as e:
                print('%s: not JSON: %s' % (path, e))
                bad += 1
                continue
        errors = list(validator.iter_errors(doc))
        if errors:
            print('%s: %s' % (path, schema_error(errors)))
        print('%s: %s' % (path, 'invalid' if errors else 'valid'))
        bad += bool(errors)
    return 1 if bad else 0


class Checker:
    def __init__(self, opts):
        self.opts = opts
        self.reg = Registry(opts['registry'])
        with open(opts['registry'], encoding='utf-8') as f:
            self.xml_text = f.read().split('\n')
        self.mismatches = 0
        self.documents = 0
        self.validator = None
        if opts['schema']:
            self.validator = load_validator(opts['schema'])

    def say(self, q, msg):
        self.mismatches += 1
        print('%s: %s' % (q, msg), flush=True)

    def gen(self, *args):
        return subprocess.run([self.opts['gen'], '--registry', self.reg.path, '--no-default-overlay'] + list(args),
                              capture_output=True, text=True)

    def validate(self, q, doc):
        if self.validator is None:
            return
        self.documents += 1
        errors = list(self.validator.iter_errors(doc))
        if errors:
            self.say(q, 'schema: ' + schema_error(errors))

    def breaking(self, expected):
        field = self.opts['break']
        if field in (None, 'text'):
            return expected
        expected = dict(expected)
        if field == 'status':
            expected['status'] = 1 - expected['status']
        elif field in ('port_range', 'lines'):
            expected[field] = 'broken'
        elif expected['records']:
            expected['records'] = [dict(r, **{field: 'broken'}) for r in expected['records']]
        return expected

    def ask(self, q, text):
        json_run = self.gen('--json', '--explain', q)
        text_run = self.gen('--explain', q) if text else None
        return q, json_run, text_run

    def check(self, q, json_run, text_run, services):
        say = lambda msg: self.say(q, msg)
        truth = expected_answer(self.reg, services, q)
        expected = self.breaking(truth)
        if json_run.returncode != expected['status']:
            say('exit status: expected %d, got %d (stderr %r)' % (expected['status'], json_run.returncode,
                                                                  json_run.stderr.strip()))
        if expected['status'] == 1 and json_run.returncode == 1:
            if 'no record or line for %s' % q not in json_run.stderr:
                say('stderr: expected "no record or line for %s", got %r' % (q, json_run.stderr.strip()))
        if not json_run.stdout.strip():
            if json_run.returncode == 0:
                say('no JSON document on stdout')
            return
        try:
            doc = json.loads(json_run.stdout)
        except ValueError as e:
            say('not JSON: %s' % e)
            return
        self.validate(q, doc)
        if not isinstance(doc, dict):
            say('not an object')
            return
        for key in ('question', 'registry', 'name', 'port', 'protocol', 'port_range', 'lines'):
            if key == 'lines' and not isinstance(expected[key], str):
                got = same_descriptions(expected[key], doc.get(key))
            else:
                got = doc.get(key, KeyError)
            if got != expected[key]:
                say('%s: expected %s, got %s' % (key, json.dumps(expected[key]), json.dumps(doc.get(key, '(missing)'))))
        compare_records(expected['records'], doc.get('records'), say, services, q, self.xml_text, truth['records'])
        if text_run is not None:
            if text_run.returncode != json_run.returncode:
                say('text: exit status %d, with --json %d' % (text_run.returncode, json_run.returncode))
            if self.opts['break'] == 'text':
                truth = dict(truth, records=[dict(r, description='broken') for r in truth['records']])
            check_text(self.reg, truth, text_run.stdout, say)

    def since(self, date, services):
        q = '--since ' + date
        run = self.gen('--json', '--since', date)
        if run.returncode != 0:
            self.say(q, 'exit status %d (stderr %r)' % (run.returncode, run.stderr.strip()))
            return
        doc = json.loads(run.stdout)
        self.validate(q, doc)
        expected = [r for r in self.reg.records if (r['registered'] or '') > date or (r['modified'] or '') > date]
        for key, value in (('since', date), ('registry', {'file': self.reg.path, 'updated': self.reg.updated})):
            if doc.get(key) != value:
                self.say(q, '%s: expected %s, got %s' % (key, json.dumps(value), json.dumps(doc.get(key))))
        # The sets compared on what the records say, xml_line aside (compare_records checks it).
        key = lambda r: json.dumps({k: v for k, v in r.items() if k != 'xml_line'}, sort_keys=True)
        got = {key(r): r for r in doc.get('records', []) if isinstance(r, dict)}
        want = {key(r): r for r in expected}
        for what, keys, records in (('listed but not dated later', set(got) - set(want), got),
                                    ('dated later but not listed', set(want) - set(got), want)):
            if keys:
                self.say(q, 'records %s: %d, %s' % (what, len(keys), ' '.join(sorted(
                    '%s@%s' % (records[k].get('name'), records[k].get('xml_line')) for k in keys)[:20])))
        compare_records(expected, doc.get('records'), lambda msg: self.say(q, msg), xml_text=self.xml_text)
        print('%s: %d records' % (q, len(expected)))

    def schema_rejects(self, doc):
        """The validation can fail: the document less a required key, and with a key too many."""
        if self.validator is None or not isinstance(doc, dict) or not doc:
            return
        for broken, what in ((dict((k, v) for k, v in doc.items() if k != 'records'), 'without records'),
                             (dict(doc, extra=1), 'with a key too many'),
                             (dict(doc, registry=dict(doc.get('registry') or {}, updated='17 August 2026')),
                              'with a date of another form')):
            if self.validator.is_valid(broken):
                self.say('schema', 'a document %s validates' % what)


def draw(reg, rng, n_ports, n_names):
    """The questions, each with the categories it stands for."""
    records = reg.records
    categories = {}

    def add(q, *cats):
        categories.setdefault(q, set()).update(cats)

    protocols = ['tcp', 'udp', 'sctp', 'dccp']
    ranges = [r for r in records if r['ports'] and r['ports']['last'] > r['ports']['first']]
    described = lambda word: [r for r in records if r['ports'] and r['description'] == word]
    no_protocol = {p for r in records if r['ports'] and r['protocol'] is None
                   for p in range(r['ports']['first'], r['ports']['last'] + 1)}
    with_protocol = sorted({r['ports']['first'] for r in records if r['ports'] and r['protocol']} - no_protocol)
    no_protocol = sorted(no_protocol)
    sample = lambda seq, k: rng.sample(seq, min(k, len(seq)))

    def port_question(port, protocol, *cats):
        if protocol is None:
            add('%d' % port, 'port alone', *cats)
        else:
            add('%d/%s' % (port, protocol), 'port/protocol', *cats)

    per = max(1, n_ports // 10)
    for r in sample(ranges, per):
        port = rng.randint(r['ports']['first'] + 1, r['ports']['last'])
        port_question(port, rng.choice([r['protocol'], None]), 'port in a range')
    for word, cat in (('Reserved', 'reserved port'), ('Unassigned', 'unassigned port')):
        for r in sample(described(word), per):
            port = rng.randint(r['ports']['first'], r['ports']['last'])
            port_question(port, rng.choice([r['protocol'] or rng.choice(protocols), None]), cat)
    for port in sample(no_protocol, per):
        port_question(port, rng.choice(protocols + [None]), 'port with a protocol-less record')
    for port in sample(with_protocol, per):
        port_question(port, rng.choice(protocols + [None]), 'port without a protocol-less record')
    for _ in range(per):
        port_question(rng.randint(49152, 65535), rng.choice(protocols + [None]), 'dynamic port')
    for _ in range(max(1, per // 4)):
        add('%d/%s' % (rng.randint(0, 65535), rng.choice(['xyz', 'ip', 'tcp6'])), 'port/unknown protocol')
    registered = [r for r in records if r['ports']]
    while sum(1 for q in categories if parse_question(q)[0] is not None) < n_ports and registered:
        r = rng.choice(registered)
        if rng.random() < 0.25:
            port_question(rng.randint(0, 65535), rng.choice(protocols + [None]))
        else:
            port_question(rng.randint(r['ports']['first'], r['ports']['last']), rng.choice([r['protocol'], None]))

    named = [r for r in records if r['name']]
    counts = {}
    for r in named:
        counts[fold(r['name'])] = counts.get(fold(r['name']), 0) + 1
    # Names of more than two records (beyond tcp and udp), where the registry has them.
    several = (sorted({r['name'] for r in named if counts[fold(r['name'])] > 2})
               or sorted({r['name'] for r in named if counts[fold(r['name'])] > 1}))
    portless = sorted({r['name'] for r in named if r['ports'] is None})
    names = sorted({r['name'] for r in named})

    def mixed(name):
        return ''.join(c.translate(UPPER) if i % 2 == 0 else c for i, c in enumerate(name))

    def name_question(name, *cats):
        cats = set(cats)
        if rng.random() < 0.3:
            name = name.translate(UPPER)
        elif rng.random() < 0.3:
            name = mixed(name)
        if name != fold(name):
            cats.add('name in upper case' if name == name.translate(UPPER) else 'name in mixed case')
        if rng.random() < 0.3:
            name += '/' + rng.choice(protocols)
            cats.add('name/protocol')
        add(name, *cats)

    for name in sample(portless, n_names // 10):
        name_question(name, 'name without a port')
    for name in sample(several, n_names // 10):
        name_question(name, 'name with several records')
    for name in sample(names, max(1, n_names // 10)):
        add(name.translate(UPPER), 'name in upper case')
        add(mixed(name) if mixed(name) != name.translate(UPPER) else name.translate(UPPER) + 'x', 'name in mixed case')
    for i in range(max(1, n_names // 50)):
        add('no-such-service-%d' % rng.randint(0, 999), 'unknown name')
    tries = 0
    while sum(1 for q in categories if parse_question(q)[0] is None) < n_names and names and tries < 20 * n_names:
        name_question(rng.choice(names))
        tries += 1
    for q in ISSUE_QUESTIONS:
        add(q, 'issue 24')
    return categories


def main(argv):
    if argv[:1] == ['validate']:
        if len(argv) < 3:
            sys.stderr.write(__doc__)
            return 2
        return validate_files(argv[1], argv[2:])
    opts = {'gen': os.environ.get('GEN'), 'ports': 200, 'names': 200, 'seed': 24, 'text_every': 5, 'since': [],
            'schema': None, 'jobs': 2, 'tmpdir': os.environ.get('TMPDIR', '/tmp'), 'require': [], 'break': None,
            'registry': None}
    args = list(argv)
    while args:
        arg = args.pop(0)
        key = arg[2:].replace('-', '_')
        if arg.startswith('--') and key in opts and key != 'registry':
            if not args:
                raise SystemExit(__doc__)
            value = args.pop(0)
            if key in ('since', 'require'):
                opts[key].append(value)
            elif isinstance(opts[key], int):
                opts[key] = int(value)
            else:
                opts[key] = value
        elif opts['registry'] is None and not arg.startswith('--'):
            opts['registry'] = arg
        else:
            sys.stderr.write(__doc__)
            return 2
    if not opts['gen'] or not opts['registry']:
        sys.stderr.write(__doc__)
        return 2
    started = time.monotonic()
    checker = Checker(opts)
    reg = checker.reg
    print('registry %s: %d records, %d people, %d footnotes' % (reg.path, len(reg.records), len(reg.people),
                                                                  len(reg.footnotes)))
    with tempfile.TemporaryDirectory(dir=opts['tmpdir']) as tmp:
        services_path = os.path.join(tmp, 'services')
        run = checker.gen('--services', services_path)
        if run.returncode != 0:
            raise SystemExit('explain-check: the generator wrote no services file: %s' % run.stderr)
        services = ServicesFile(services_path)
    questions = draw(reg, random.Random(opts['seed']), opts['ports'], opts['names'])
    held = {}
    for q, cats in questions.items():
        for c in cats:
            held[c] = held.get(c, 0) + 1
    n_port = sum(1 for q in questions if parse_question(q)[0] is not None)
    print('%d questions: %d ports, %d names; %s' % (len(questions), n_port, len(questions) - n_port,
                                                      ', '.join('%s %d' % (c, held[c]) for c in sorted(held))))
    for c in opts['require']:
        if c not in held:
            checker.say('draw', 'no question of the category %r' % c)
    ordered = list(questions)
    with concurrent.futures.ThreadPoolExecutor(max_workers=opts['jobs']) as pool:
        futures = [pool.submit(checker.ask, q, i % opts['text_every'] == 0) for i, q in enumerate(ordered)]
        first_doc = None
        for future in futures:
            q, json_run, text_run = future.result()
            checker.check(q, json_run, text_run, services)
            if first_doc is None and json_run.returncode == 0:
                first_doc = json.loads(json_run.stdout)
    checker.schema_rejects(first_doc)
    for date in opts['since']:
        checker.since(date, services)
    print('%d questions (%d text outputs), %d --since, %d documents validated: %d mismatches in %.1f s' % (
        len(ordered), (len(ordered) + opts['text_every'] - 1) // opts['text_every'], len(opts['since']),
        checker.documents, checker.mismatches, time.monotonic() - started))
    return 1 if checker.mismatches else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
