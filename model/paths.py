"""Where the build keeps its intermediate files: model/work/, or $LM_NOTES_MODEL_WORK.

`QUICK=1 bash model/build.sh` points this at model/work/quick/, so a smoke test never replaces
the full build's token streams and tokenizer (which a stopped full build resumes from).
"""
import os

WORK = os.environ.get("LM_NOTES_MODEL_WORK") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "work")
