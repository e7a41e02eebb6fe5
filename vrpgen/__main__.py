from vrpgen.cli import main

main()
