"""The content model every consumer reads: page types and fields (`registry`), the
pages of `docs/` (`tree`), languages and UI strings (`languages`), dates (`dates`),
text folding and slugs (`folding`), the acknowledgement rule (`ackrule`) and the one
`Problem` type (`problem`).

Data flows one way: docs -> model -> (checks | render | search | acks) -> build.
Nothing here imports MkDocs or any other package of scripts/.
"""
