"""The case log: cases from discovery to closure, parties, search and repeat-offence history."""
