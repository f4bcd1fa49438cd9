"""The compact model of the iJw 3.2 messages and the generators that turn it into XSDs and typed records."""
