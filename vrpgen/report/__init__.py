"""Plans and results as people and programs read them: text, markdown and JSON. Pure: returns
strings and styled lines; the CLI prints them. The push report and the HTML change report land
here too."""
