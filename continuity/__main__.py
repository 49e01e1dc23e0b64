from continuity.cli import main

main()
