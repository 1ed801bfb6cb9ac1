"""Chat format: role markers are single special tokens.

    <|system|>\n...<|end|>\n<|user|>\nHello<|end|>\n<|assistant|>\n...<|end|>\n

`CHAT_TEMPLATE` is the Jinja template shipped in tokenizer_config.json; `render` is a Python
mirror of it used to build the synthetic chat examples mixed into training.
"""
import json
import random
import regex

TOOL_HELP = ('You can call these tools. To call one, reply with a JSON object '
             '{"name": ..., "arguments": {...}} on its own line.\nTools:\n')


def _jinja_str(s):
    """A single-quoted Jinja string literal for s."""
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'"


CHAT_TEMPLATE = (
    "{%- if tools %}"
    "{{- '<|system|>\\n' }}"
    "{%- if messages[0].role == 'system' %}{{- messages[0].content + '\\n\\n' }}{%- endif %}"
    "{{- " + _jinja_str(TOOL_HELP) + " }}"
    "{%- for tool in tools %}"
    "{%- if tool.function is defined %}{{- tool.function | tojson }}{%- else %}{{- tool | tojson }}{%- endif %}"
    "{{- '\\n' }}"
    "{%- endfor %}"
    "{{- '<|end|>\\n' }}"
    "{%- endif %}"
    "{%- for message in messages %}"
    "{%- if not (tools and loop.first and message.role == 'system') %}"
    "{{- '<|' + message.role + '|>\\n' }}"
    "{%- if message.content is string %}{{- message.content }}{%- endif %}"
    "{%- if message.tool_calls is defined and message.tool_calls %}"
    "{%- for call in message.tool_calls %}"
    "{%- if call.function is defined %}{%- set fn = call.function %}{%- else %}{%- set fn = call %}{%- endif %}"
    "{%- if (message.content is string and message.content) or not loop.first %}{{- '\\n' }}{%- endif %}"
    "{{- '{\"name\": ' + (fn.name | tojson) + ', \"arguments\": ' }}"
    "{%- if fn.arguments is string %}{{- fn.arguments }}{%- else %}{{- fn.arguments | tojson }}{%- endif %}"
    "{{- '}' }}"
    "{%- endfor %}"
    "{%- endif %}"
    "{{- '<|end|>\\n' }}"
    "{%- endif %}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|assistant|>\\n' }}{%- endif %}"
)


def render(messages, tools=None, add_generation_prompt=False):
    """Python mirror of CHAT_TEMPLATE (json.dumps stands in for tojson)."""
    out = ""
    if tools:
        out += "<|system|>\n"
        if messages and messages[0]["role"] == "system":
            out += messages[0]["content"] + "\n\n"
        out += TOOL_HELP
        for t in tools:
            out += json.dumps(t.get("function", t), ensure_ascii=False) + "\n"
        out += "<|end|>\n"
    for i, m in enumerate(messages):
        if tools and i == 0 and m["role"] == "system":
            continue
        out += "<|" + m["role"] + "|>\n"
        content = m.get("content")
        if isinstance(content, str):
            out += content
        for j, call in enumerate(m.get("tool_calls") or []):
            fn = call.get("function", call)
            if (isinstance(content, str) and content) or j > 0:
                out += "\n"
            args = fn["arguments"]
            if not isinstance(args, str):
                args = json.dumps(args, ensure_ascii=False)
            out += '{"name": ' + json.dumps(fn["name"], ensure_ascii=False) + ', "arguments": ' + args + "}"
        out += "<|end|>\n"
    if add_generation_prompt:
        out += "<|assistant|>\n"
    return out


SENT_SPLIT = regex.compile(r'(?<=[.!?]["\']?)\s+(?=["\']?[A-Z])')
SYSTEMS = ["You are a helpful assistant.", "You are a helpful assistant. Answer briefly.",
           "You write plain English prose.", "You are a careful writer."]
COUNT_TOOL = {"type": "function", "function": {
    "name": "count_words", "description": "Count the words in a text.",
    "parameters": {"type": "object", "properties": {"text": {"type": "string"}},
                   "required": ["text"]}}}


def sentences_of(docs):
    out = []
    for _, text in docs:
        for par in text.split("\n\n"):
            s = [x for x in SENT_SPLIT.split(par) if 20 <= len(x) <= 220]
            if len(s) >= 3:
                out.append(s)
    return out


def synthetic_chats(docs, n, seed):
    """Small chat-formatted examples built from Brown sentences (training documents only)."""
    rng = random.Random(seed)
    pars = sentences_of(docs)
    chats = []
    for _ in range(n):
        par = rng.choice(pars)
        i = rng.randrange(len(par) - 2)
        s1, s2, s3 = par[i], par[i + 1], par[i + 2]
        kind = rng.random()
        msgs, tools = [], None
        if rng.random() < 0.3:
            msgs.append({"role": "system", "content": rng.choice(SYSTEMS)})
        if kind < 0.35:
            msgs += [{"role": "user", "content": rng.choice(["Continue this text: ", "What comes next? ", "Go on: "]) + s1},
                     {"role": "assistant", "content": s2}]
        elif kind < 0.55:
            msgs += [{"role": "user", "content": s1},
                     {"role": "assistant", "content": s2 + " " + s3}]
        elif kind < 0.7:
            msgs += [{"role": "user", "content": "Repeat after me: " + s1},
                     {"role": "assistant", "content": s1}]
        elif kind < 0.85:
            n_words = len(s1.split())
            msgs += [{"role": "user", "content": "How many words are in this sentence? " + s1},
                     {"role": "assistant", "content": f"There are {n_words} words."}]
        else:
            tools = [COUNT_TOOL]
            n_words = len(s2.split())
            msgs += [{"role": "user", "content": "Count the words in: " + s2},
                     {"role": "assistant", "content": "",
                      "tool_calls": [{"type": "function", "function": {"name": "count_words", "arguments": {"text": s2}}}]},
                     {"role": "tool", "content": json.dumps({"count": n_words})},
                     {"role": "assistant", "content": f"The text has {n_words} words."}]
        if rng.random() < 0.25 and tools is None:
            msgs += [{"role": "user", "content": "And then?"}, {"role": "assistant", "content": s3}]
        chats.append(render(msgs, tools=tools))
    return chats
