use intently::eval::*;
use intently::*;
use std::time::Instant;
fn main() {
    let d = std::env::args().nth(1).unwrap();
    let train = read_jsonl(&std::fs::read_to_string(format!("{d}train.jsonl")).unwrap()).unwrap();
    let test = read_jsonl(&std::fs::read_to_string(std::env::args().nth(2).unwrap()).unwrap()).unwrap();
    let model = Model::compile(&bot_from_examples(&train, Language::English)).unwrap();
    let story = &model.stories()[0];
    let mut times = vec![];
    for l in &test {
        let t = Instant::now();
        let toks = story.analyzer().analyze(&l.text);
        let a = t.elapsed().as_secs_f64() * 1e6;
        let t = Instant::now();
        story.classify(&l.text, &Candidates::Roots);
        let c = t.elapsed().as_secs_f64() * 1e6;
        times.push((c, a, l.text.clone(), toks.len()));
    }
    let n = test.len() as f64;
    let t = Instant::now();
    for l in &test { std::hint::black_box(story.analyzer().analyze(&l.text)); }
    println!("analyze mean {:.2}", t.elapsed().as_secs_f64() * 1e6 / n);
    let t = Instant::now();
    for _ in 0..30 { for l in &test { std::hint::black_box(story.classify(&l.text, &Candidates::Roots)); } }
    println!("classify mean {:.2}", t.elapsed().as_secs_f64() * 1e6 / n / 30.0);
    times.sort_by(|a, b| b.0.total_cmp(&a.0));
    for t in times.iter().take(8) { println!("{:.1} {:.1} {} {}", t.0, t.1, t.3, t.2); }
    let exp = story.explain(&times[0].2, &Candidates::Roots, 1);
    println!("{}", exp.terms.join(" "));
}
