-- An audit record's page links an evaluation to the proposal it was made for: looked up by the evaluation.
create index proposal_evaluation_evaluation_idx on proposal_evaluation (evaluation_id);
