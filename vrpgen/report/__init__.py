"""Plans, results and the topology as people and programs read them: text, markdown, JSON,
HTML pages, DOT and Mermaid. Pure (returns strings and styled lines; the CLI prints them),
except report/graphviz.py, which runs Graphviz's `dot` to draw an SVG."""
