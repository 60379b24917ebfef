"""Speaker attribution: who said each quote, to whom or through what, and when.

The stage entry point is :func:`qawl.attribution.attribute.attribute` (``Doc -> None``). Modules:

- ``tokens``    words of the normalised text, classified once against the lexicons (clitics peeled)
- ``names``     person names without NER: name words, name runs, appositions, joint names
- ``phrase``    the speaker-phrase grammar: titles + names, bodies, unnamed sources, joint speakers
- ``entities``  the article's speakers; merging by name (surname, spelling variant), role and body head
- ``context``   lazy, per-article searches (fuller names, role holders, earlier phrases) over small windows
- ``attribute`` the stage: frames (vso/svo/according/participle/noun/continuation), discourse, output
- ``medium``    addressee and medium (لوكالة تاس، في مؤتمر صحفي، عبر تويتر)
- ``dates``     said_on from the article date and relative time words (يوم السبت، أمس، الأسبوع الماضي)
- ``speaker``   the speaker record and the evidence → confidence table
- ``lexicon``   loaders of the data files under ``qawl/data`` (titles, orgs, sources, media, time words,
  common words, given names)
"""
