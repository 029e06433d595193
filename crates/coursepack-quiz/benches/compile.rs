//! Parsing and compiling a bank of 10,000 generated questions of every type.

use coursepack_diagnostics::SourceFile;
use coursepack_quiz::{BlockSource, PlacedQuestion, QuizSettings, compile_quiz, parse_question};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const BLOCKS: &[&str] = &[
    "type: single\npoints: 2\nWhich lawful basis fits a **council library**?\n- [x] Public task\n  feedback: Right.\n- [ ] Consent\n  feedback: Not here.\n- [ ] Contract\nhint: Think about the law.\ncorrect: Well done.\nincorrect: Look again.\n",
    "Which are personal data?\n- [x] A name\n- [x] An email address\n- [ ] The weather\n- [ ] A postcode on its own\npartial: Some of them.\n",
    "type: truefalse\nThe GDPR applies to paper records in a filing system.\n- [x] True\n- [ ] False\n",
    "The [[ICO|Information Commissioner's Office]] regulates data protection in the [[UK|United Kingdom]].\n",
    "A request must be answered within [[*one month|two weeks|90 days]] and is [[*free|£10]] in most cases.\n",
    "How many hours do you have to report a breach?\nanswer: 72\ntolerance: 2\n",
    "Match each item\n- Name => Personal data\n- Email => Personal data\n- Weather => Not personal data\n",
    "Put the steps in order\n1. Contain the breach\n2. Assess the risk\n3. Notify the ICO\n4. Review\n",
    "type: likert\nHow confident are you?\n- Not at all\n- A little\n- Very\n",
    "type: reflection\nWhat will you change in your team?\n",
];

fn bank(n: usize) -> (SourceFile, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut spans = Vec::with_capacity(n);
    for i in 0..n {
        text.push_str("```question\n");
        let start = text.len();
        text.push_str(&format!("id: q{i}\n"));
        text.push_str(BLOCKS[i % BLOCKS.len()]);
        spans.push((start, text.len()));
        text.push_str("```\n\n");
    }
    (SourceFile::new("bank.md", text), spans)
}

fn compile(file: &SourceFile, spans: &[(usize, usize)]) -> usize {
    let mut placed = Vec::with_capacity(spans.len());
    for (ordinal, (start, end)) in spans.iter().enumerate() {
        let src = BlockSource { file, page_id: "bank", ordinal, body: &file.text()[*start..*end], body_offset: *start };
        if let (Some(question), _) = parse_question(&src) {
            placed.push(PlacedQuestion { question, page_id: "bank".into(), location: None });
        }
    }
    let (quiz, diags) = compile_quiz(placed, &QuizSettings::default(), Some(80));
    quiz.player_json().len() + diags.len()
}

fn bench(c: &mut Criterion) {
    let (file, spans) = bank(10_000);
    assert!(compile(&file, &spans) > 0);
    let mut group = c.benchmark_group("quiz");
    group.sample_size(10);
    group.bench_function("compile_10000_questions", |b| b.iter(|| compile(black_box(&file), black_box(&spans))));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
