//! Reference vectors from `shared/docs/fsrs-spec.md` §5 plus property tests.

use super::*;
use proptest::prelude::*;

use Rating::{Again as A, Easy as E, Good as G, Hard as H};

const DAY: f64 = 86_400.0;

fn t0() -> Timestamp {
    "2022-11-29T12:30:00Z".parse().unwrap()
}

fn no_fuzz() -> Params {
    Params {
        enable_fuzz: false,
        ..Params::default()
    }
}

fn close(actual: f64, expected: f64, what: &str) {
    let tol = if expected.abs() > 1000.0 { 1e-6 } else { 1e-9 };
    let rel = ((actual - expected) / expected).abs();
    assert!(
        rel <= tol,
        "{what}: got {actual}, expected {expected} (rel err {rel})"
    );
}

/// Reviews a new card with `ratings`, each at the previous due instant.
fn at_due(params: &Params, ratings: &[Rating]) -> Vec<Outcome> {
    let mut now = t0();
    let mut state: Option<CardState> = None;
    let mut out = Vec::new();
    for &g in ratings {
        let o = review(state.as_ref(), g, now, params, 0.5);
        now = o.state.due;
        state = Some(o.state.clone());
        out.push(o);
    }
    out
}

/// Checks a trace against (S, D, due − review in seconds) rows.
fn check_trace(outcomes: &[Outcome], rows: &[(f64, f64, f64)]) {
    assert_eq!(outcomes.len(), rows.len());
    for (i, (o, (s, d, secs))) in outcomes.iter().zip(rows).enumerate() {
        close(o.state.stability, *s, &format!("S at review {}", i + 1));
        close(o.state.difficulty, *d, &format!("D at review {}", i + 1));
        let got =
            (o.state.due.as_microsecond() - o.state.last_review.as_microsecond()) as f64 / 1e6;
        assert_eq!(got, *secs, "interval at review {}", i + 1);
    }
}

fn check_seq(outcomes: &[Outcome], s: &[f64], d: &[f64], days: &[f64]) {
    let rows: Vec<_> = (0..s.len()).map(|i| (s[i], d[i], days[i])).collect();
    check_trace(outcomes, &rows);
}

#[test]
fn unit_vectors() {
    let p = Params::default();
    close(p.factor(), 0.9803464944134797, "FACTOR");
    for (g, want) in Rating::ALL
        .iter()
        .zip([6.4133, 5.112170705601056, 2.118103970459016, 1.0])
    {
        close(p.initial_difficulty(*g), want, "D0");
    }
    close(
        p.initial_difficulty_raw(E),
        -4.771630703161737,
        "D0_raw(Easy)",
    );
    for (g, want) in [
        (A, 8.341762369296838),
        (H, 6.665995369296838),
        (G, 4.9902283692968386),
        (E, 3.3144613692968385),
    ] {
        close(p.next_difficulty(5.0, g), want, "next_D(5)");
    }
    close(
        p.next_difficulty(10.0, A),
        9.985228369296838,
        "next_D(10, Again)",
    );
    assert_eq!(p.next_difficulty(1.0, E), 1.0);
    close(
        p.forget_stability(5.0, 10.0, 0.9),
        1.3919869729546932,
        "S_f",
    );
    close(
        p.recall_stability(5.0, 10.0, 0.9, H),
        23.246875110466814,
        "S_r Hard",
    );
    close(
        p.recall_stability(5.0, 10.0, 0.9, G),
        32.02672948198672,
        "S_r Good",
    );
    close(
        p.recall_stability(5.0, 10.0, 0.9, E),
        51.253861646812936,
        "S_r Easy",
    );
    close(
        p.forget_stability(5.0, 0.5, 0.5),
        0.3446604555589911,
        "S_f small",
    );
    close(
        p.short_term_stability(10.0, A),
        3.051248935571638,
        "ST Again",
    );
    assert_eq!(p.short_term_stability(10.0, H), 10.0);
    assert_eq!(p.short_term_stability(10.0, G), 10.0);
    close(
        p.short_term_stability(10.0, E),
        15.534307947166699,
        "ST Easy",
    );
    close(
        p.short_term_stability(1.0, A),
        0.3550402910611492,
        "ST(1) Again",
    );
    assert_eq!(p.short_term_stability(1.0, H), 1.0);
    close(
        p.short_term_stability(1.0, G),
        1.0507203746232234,
        "ST(1) Good",
    );
    close(
        p.short_term_stability(1.0, E),
        1.8075566207325262,
        "ST(1) Easy",
    );
    let ivl: Vec<u32> = [0.001, 0.5, 1.49, 1.5, 2.5, 3.5, 10.4, 10.5, 100000.0]
        .iter()
        .map(|s| p.interval_days(*s))
        .collect();
    assert_eq!(ivl, [1, 1, 1, 2, 2, 4, 10, 10, 36500]);
    let by_dr: Vec<u32> = (1..=10)
        .map(|i| {
            Params {
                desired_retention: f64::from(i) / 10.0,
                ..Params::default()
            }
            .interval_days(1.0)
        })
        .collect();
    assert_eq!(by_dr, [36500, 34793, 2508, 387, 90, 27, 9, 3, 1, 1]);
    close(p.retrievability(1.0, 2.3065), 0.9468474993825461, "R(1)");
    close(p.retrievability(2.0, 2.3065), 0.9094932559773545, "R(2)");
    let mut w = DEFAULT_WEIGHTS;
    w[20] = 0.2;
    let p2 = Params {
        weights: w,
        ..Params::default()
    };
    assert_eq!(p2.retrievability(0.0, 1.0), 1.0);
    close(p2.retrievability(1.0, 1.0), 0.9, "R w20=0.2");
    // fsrs-rs computes these in f32.
    assert!((p2.retrievability(2.0, 1.0) - 0.84028935).abs() < 1e-6);
    assert!((p2.retrievability(3.0, 1.0) - 0.7985001).abs() < 1e-6);
}

#[test]
fn curve_values() {
    let p = Params::default();
    for (k, want) in [
        (0.5, 0.9403442889),
        (1.0, 0.9),
        (2.0, 0.8458846451),
        (3.0, 0.8093881036),
        (5.0, 0.7605275627),
        (10.0, 0.6928266346),
        (100.0, 0.4923224256),
    ] {
        assert!(
            (p.retrievability(k * 7.0, 7.0) - want).abs() < 1e-9,
            "R({k}S)"
        );
    }
}

#[test]
fn t1_and_v1_good_and_again_at_due() {
    let o = at_due(&no_fuzz(), &[G, G, G, G, G, G, A, A, G, G, G, G, G]);
    let days: Vec<i64> = o
        .iter()
        .map(|o| crate::domain::time::elapsed_days(o.state.last_review, o.state.due))
        .collect();
    assert_eq!(days, [0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21]);
    check_trace(
        &o,
        &[
            (2.3065, 2.11810397046, 600.0),
            (2.3065, 2.11121423579, 2.0 * DAY),
            (10.9710482631, 2.10433139085, 11.0 * DAY),
            (46.3168584401, 2.09745542875, 46.0 * DAY),
            (162.999815775, 2.09058634262, 163.0 * DAY),
            (497.876555125, 2.08372412557, 498.0 * DAY),
            (6.89041250757, 7.38320232005, 600.0),
            (2.1545983743, 9.12510476612, 600.0),
            (2.1545983743, 9.11120803065, 2.0 * DAY),
            (3.98312337952, 9.09732519192, 4.0 * DAY),
            (7.23625447688, 9.08345623602, 7.0 * DAY),
            (12.4830435787, 9.06960114908, 12.0 * DAY),
            (20.770357285, 9.05575991723, 21.0 * DAY),
        ],
    );
    // The 12-significant-figure table cannot pin the states tighter than this.
    assert_eq!(o[6].state.phase, Phase::Relearning);
    assert_eq!(o[6].state.lapses, 1);
}

#[test]
fn t2_and_v2_review_instants() {
    let p = no_fuzz();
    let mut now = t0();
    let offsets = [0.0, 0.0, DAY, 3.0 * DAY, 8.0 * DAY, 21.0 * DAY];
    let ratings = [A, G, G, G, G, G];
    let mut state: Option<CardState> = None;
    let mut outs = Vec::new();
    for (off, g) in offsets.iter().zip(ratings) {
        now = add_secs(now, *off);
        let o = review(state.as_ref(), g, now, &p, 0.5);
        state = Some(o.state.clone());
        outs.push(o);
    }
    check_trace(
        &outs,
        &[
            (0.212, 6.4133, 60.0),
            (0.246689187776, 6.4021150693, 600.0),
            (2.02147725164, 6.39094132352, 2.0 * DAY),
            (7.86369884101, 6.3797787515, 8.0 * DAY),
            (21.9177131532, 6.36862734204, 22.0 * DAY),
            (53.6269029171, 6.357487084, 54.0 * DAY),
        ],
    );
    let last = &outs[5].state;
    assert!((last.stability - 53.62691).abs() < 1e-4);
    assert!((last.difficulty - 6.3574867).abs() < 1e-4);
}

#[test]
fn t3_and_v3_easy_microseconds_apart() {
    let p = no_fuzz();
    let mut state: Option<CardState> = None;
    let mut outs = Vec::new();
    for i in 0..10 {
        let now = add_secs(t0(), f64::from(i) * 1e-6);
        let o = review(state.as_ref(), E, now, &p, 0.5);
        state = Some(o.state.clone());
        outs.push(o);
    }
    let s = [
        8.2956,
        13.0460646912,
        19.9146594886,
        29.5650909538,
        42.7655298327,
        60.3753680737,
        83.3241951432,
        112.5839022,
        149.135511212,
        193.932833668,
    ];
    let days = [8.0, 13.0, 20.0, 30.0, 43.0, 60.0, 83.0, 113.0, 149.0, 194.0].map(|d| d * DAY);
    check_seq(&outs, &s, &[1.0; 10], &days);
    assert_eq!(outs[9].state.difficulty, 1.0);
}

#[test]
fn v4_easy_at_due() {
    let o = at_due(&no_fuzz(), &[E; 6]);
    let s = [
        8.2956,
        65.6242261619,
        396.77502335,
        1874.91695541,
        7265.43289479,
        23932.9224998,
    ];
    let days = [8.0, 66.0, 397.0, 1875.0, 7265.0, 23933.0].map(|d| d * DAY);
    check_seq(&o, &s, &[1.0; 6], &days);
}

#[test]
fn v5_hard_never_lowers_stability_on_the_same_day() {
    let o = at_due(&no_fuzz(), &[H; 8]);
    let d = [
        5.1121707056,
        6.74045951083,
        7.821393498,
        8.53896785021,
        9.01532714417,
        9.33155664184,
        9.54148451869,
        9.68084442598,
    ];
    check_seq(&o, &[1.2931; 8], &d, &[330.0; 8]);
    assert!(
        o.iter()
            .all(|o| o.state.phase == Phase::Learning && o.state.step == Some(0))
    );
}

#[test]
fn v6_again_three_times_then_good() {
    let o = at_due(&no_fuzz(), &[A, A, A, G, G, G, G, G]);
    check_trace(
        &o,
        &[
            (0.212, 6.4133, 60.0),
            (0.0833567171103, 8.80630446886, 60.0),
            (0.0348514098596, 9.59286876534, 60.0),
            (0.0456698311726, 9.57850426587, 600.0),
            (0.0587912839656, 9.5641541309, DAY),
            (0.348814240041, 9.54981834607, DAY),
            (0.975826701678, 9.53549689702, DAY),
            (1.76252148364, 9.52118976942, 2.0 * DAY),
        ],
    );
}

#[test]
fn v7_mixed_ratings() {
    let o = at_due(&no_fuzz(), &[G, G, G, H, G, E, A, G, H, G]);
    check_trace(
        &o,
        &[
            (2.3065, 2.11810397046, 600.0),
            (2.3065, 2.11121423579, 2.0 * DAY),
            (10.9710482631, 2.10433139085, 11.0 * DAY),
            (32.2280185035, 4.74371560838, 32.0 * DAY),
            (92.8278475091, 4.73420026207, 93.0 * DAY),
            (369.094162654, 2.95984374522, 369.0 * DAY),
            (6.11046310488, 7.67117688141, 600.0),
            (6.11046310488, 7.65873407383, 6.0 * DAY),
            (10.9400817459, 8.43098694451, 11.0 * DAY),
            (21.1442860816, 8.41778432686, 21.0 * DAY),
        ],
    );
}

#[test]
fn v8_late_reviews() {
    let p = no_fuzz();
    let offsets = [
        0.0,
        600.0,
        4.0 * DAY,
        22.0 * DAY,
        100.0 * DAY,
        600.0,
        5.0 * DAY,
    ];
    let ratings = [G, G, G, G, A, G, G];
    let mut now = t0();
    let mut state: Option<CardState> = None;
    let mut outs = Vec::new();
    for (off, g) in offsets.iter().zip(ratings) {
        now = add_secs(now, *off);
        let o = review(state.as_ref(), g, now, &p, 0.5);
        state = Some(o.state.clone());
        outs.push(o);
    }
    check_trace(
        &outs,
        &[
            (2.3065, 2.11810397046, 600.0),
            (2.3065, 2.11121423579, 2.0 * DAY),
            (16.1880228285, 2.10433139085, 16.0 * DAY),
            (76.4580803447, 2.09745542875, 76.0 * DAY),
            (3.69014671409, 7.38771570603, 600.0),
            (3.69014671409, 7.37555635962, 4.0 * DAY),
            (10.8372963355, 7.36340917256, 11.0 * DAY),
        ],
    );
}

#[test]
fn v9_no_relearning_steps() {
    let p = Params {
        relearning_steps: vec![],
        ..no_fuzz()
    };
    let o = at_due(&p, &[G, G, G, A, G]);
    check_seq(
        &o,
        &[2.3065, 2.3065, 10.9710482631, 1.53901253028, 4.87926751371],
        &[
            2.11810397046,
            2.11121423579,
            2.10433139085,
            7.38997578801,
            7.37781418152,
        ],
        &[600.0, 2.0 * DAY, 11.0 * DAY, 2.0 * DAY, 5.0 * DAY],
    );
    assert_eq!(o[3].state.phase, Phase::Review);
}

#[test]
fn v10_no_learning_steps_with_lapses() {
    let p = Params {
        learning_steps: vec![],
        ..no_fuzz()
    };
    let o = at_due(&p, &[A, A, G, G]);
    check_trace(
        &o,
        &[
            (0.212, 6.4133, DAY),
            (0.100885789821, 8.80630446886, 600.0),
            (0.123272197589, 8.79272653368, DAY),
            (0.766381278507, 8.77916217645, DAY),
        ],
    );
    assert_eq!(o[1].state.phase, Phase::Relearning);
}

#[test]
fn v11_no_learning_steps_good() {
    let p = Params {
        learning_steps: vec![],
        ..no_fuzz()
    };
    let o = at_due(&p, &[G; 5]);
    check_seq(
        &o,
        &[
            2.3065,
            10.9643323358,
            46.2802172876,
            162.862201639,
            497.4471936,
        ],
        &[
            2.11810397046,
            2.11121423579,
            2.10433139085,
            2.09745542875,
            2.09058634262,
        ],
        &[2.0, 11.0, 46.0, 163.0, 497.0].map(|d| d * DAY),
    );
}

#[test]
fn v12_desired_retention_080() {
    let p = Params {
        desired_retention: 0.8,
        ..no_fuzz()
    };
    let o = at_due(&p, &[G, G, G, G, G, G, A, A, G, G, G, G, G]);
    let s = [
        2.3065,
        2.3065,
        22.7840524759,
        158.30224795,
        838.533186758,
        3570.05666247,
        14.9679769483,
        4.44749034774,
        4.44749034774,
        11.8628045699,
        28.5638269648,
        63.7616368849,
        132.812977421,
    ];
    let d = [
        2.11810397046,
        2.11121423579,
        2.10433139085,
        2.09745542875,
        2.09058634262,
        2.08372412557,
        7.38320232005,
        9.12510476612,
        9.11120803065,
        9.09732519192,
        9.08345623602,
        9.06960114908,
        9.05575991723,
    ];
    let secs = [
        600.0,
        8.0 * DAY,
        76.0 * DAY,
        525.0 * DAY,
        2781.0 * DAY,
        11838.0 * DAY,
        600.0,
        600.0,
        15.0 * DAY,
        39.0 * DAY,
        95.0 * DAY,
        211.0 * DAY,
        440.0 * DAY,
    ];
    check_seq(&o, &s, &d, &secs);
}

#[test]
fn v13_high_retention_and_a_cap() {
    let p = Params {
        desired_retention: 0.95,
        maximum_interval: 365,
        ..no_fuzz()
    };
    let o = at_due(&p, &[E; 6]);
    check_seq(
        &o,
        &[
            8.2956,
            34.6142762094,
            129.827626463,
            413.998720658,
            1165.47096323,
            2597.75341675,
        ],
        &[1.0; 6],
        &[3.0, 14.0, 52.0, 167.0, 365.0, 365.0].map(|d| d * DAY),
    );
}

#[test]
fn v14_custom_parameters() {
    let w = [
        0.1456, 0.4186, 1.1104, 4.1315, 5.2417, 1.3098, 0.8975, 0.0010, 1.5674, 0.0567, 0.9661,
        2.0275, 0.1592, 0.2446, 1.5071, 0.2272, 2.8755, 1.234, 0.56789, 0.1437, 0.2,
    ];
    let p = Params {
        weights: Params::weights_from(&w).unwrap(),
        desired_retention: 0.85,
        maximum_interval: 3650,
        ..no_fuzz()
    };
    let o = at_due(&p, &[G, G, G, G, G, G, A, A, G, G, G, G, G]);
    let s = [
        1.1104,
        2.2043843468,
        18.0019470951,
        133.320186728,
        888.522792158,
        5408.10530935,
        16.2886241579,
        1.86312114739,
        3.43360800432,
        19.5803439145,
        104.899644555,
        527.165857651,
        2474.51973577,
    ];
    let d = [
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        2.74757025736,
        4.14519830853,
        4.09641836758,
        4.04768720656,
        3.99900477671,
        3.95037102929,
        3.90178591562,
    ];
    let secs = [
        600.0,
        4.0 * DAY,
        33.0 * DAY,
        241.0 * DAY,
        1606.0 * DAY,
        3650.0 * DAY,
        600.0,
        600.0,
        6.0 * DAY,
        35.0 * DAY,
        190.0 * DAY,
        953.0 * DAY,
        3650.0 * DAY,
    ];
    check_seq(&o, &s, &d, &secs);
}

#[test]
fn v15_custom_steps() {
    let p = Params {
        learning_steps: vec![600.0],
        relearning_steps: vec![60.0, 600.0],
        ..no_fuzz()
    };
    let o = at_due(&p, &[H, G, G, A, H, G, H, E]);
    check_trace(
        &o,
        &[
            (1.2931, 5.1121707056, 900.0),
            (1.3358997622, 5.10228690419, DAY),
            (4.60224632189, 5.09241298658, 5.0 * DAY),
            (0.915827114325, 8.37213788958, 60.0),
            (0.915827114325, 8.90457764203, 330.0),
            (0.967861741314, 8.89090143368, 600.0),
            (0.967861741314, 9.24895705698, 600.0),
            (1.75322928597, 8.98322187332, 2.0 * DAY),
        ],
    );
}

#[test]
fn v16_and_t4_again_a_day_after_each_due() {
    let p = no_fuzz();
    let mut now = t0();
    let mut state: Option<CardState> = None;
    let mut outs = Vec::new();
    for _ in 0..1000 {
        let o = review(state.as_ref(), A, now, &p, 0.5);
        now = add_secs(o.state.due, DAY);
        assert!(o.state.stability >= S_MIN);
        state = Some(o.state.clone());
        outs.push(o);
    }
    let s = [
        0.212,
        0.100885789821,
        0.0550345301183,
        0.0333691874085,
        0.0219344762512,
        0.0153557088668,
        0.0113041152179,
        0.00866865701231,
        0.00687602532383,
        0.00561065372429,
        0.00468922895916,
        0.00400030103975,
    ];
    let d = [
        6.4133,
        8.80630446886,
        9.59286876534,
        9.85140710096,
        9.93638689381,
        9.96431917386,
        9.97350032437,
        9.97651810612,
        9.97751003045,
        9.97783606924,
        9.97794323597,
        9.97797846095,
    ];
    check_seq(&outs[..12], &s, &d, &[60.0; 12]);
}

#[test]
fn t5_step_timings() {
    let p = no_fuzz();
    let secs = |g| review(None, g, t0(), &p, 0.5).interval_secs;
    assert_eq!(
        [secs(A), secs(H), secs(G), secs(E)],
        [60.0, 330.0, 600.0, 8.0 * DAY]
    );
    let one = Params {
        learning_steps: vec![600.0],
        ..no_fuzz()
    };
    assert_eq!(review(None, H, t0(), &one, 0.5).interval_secs, 900.0);
}

#[test]
fn t6_bad_parameters_are_rejected() {
    let mut w = DEFAULT_WEIGHTS;
    w[6] = 100.0;
    assert!(Params::weights_from(&w).is_err());
    let mut w = DEFAULT_WEIGHTS;
    w[10] = -42.0;
    assert!(Params::weights_from(&w).is_err());
    let mut w = DEFAULT_WEIGHTS;
    w[0] = 0.0;
    w[3] = 101.0;
    assert_eq!(Params::weights_from(&w).unwrap_err().len(), 2);
    for n in [0, 20, 24] {
        assert_eq!(
            Params::weights_from(&vec![1.0; n]).unwrap_err(),
            vec![ParamsError::WeightCount(n)]
        );
    }
    let bad = Params {
        desired_retention: 1.0,
        ..Params::default()
    };
    assert_eq!(bad.validate(), vec![ParamsError::Retention(1.0)]);
    assert!(Params::default().validate().is_empty());
}

#[test]
fn t7_fuzz_with_an_injected_draw() {
    let p = Params::default();
    let o1 = review(None, G, t0(), &p, 0.0);
    let o2 = review(Some(&o1.state), G, o1.state.due, &p, 0.0);
    assert_eq!(
        o2.interval_secs,
        2.0 * DAY,
        "2 days is below the fuzz range"
    );
    let o3 = review(Some(&o2.state), G, o2.state.due, &p, 0.6394267984578837);
    assert_eq!(o3.interval_secs, 12.0 * DAY);
    let o3 = review(Some(&o2.state), G, o2.state.due, &p, 0.41661987254534116);
    assert_eq!(o3.interval_secs, 11.0 * DAY);
}

#[test]
fn fuzz_bounds_table() {
    let table = [
        (3, 2, 4),
        (4, 3, 5),
        (5, 4, 6),
        (6, 4, 8),
        (7, 5, 9),
        (8, 6, 10),
        (10, 8, 12),
        (11, 9, 13),
        (12, 10, 14),
        (15, 13, 17),
        (20, 17, 23),
        (21, 18, 24),
        (25, 22, 28),
        (30, 27, 33),
        (50, 46, 54),
        (100, 93, 107),
        (365, 345, 385),
        (1000, 948, 1052),
        (36500, 34673, 36500),
    ];
    for (ivl, lo, hi) in table {
        assert_eq!(fuzz_interval(ivl, 0.0, 36500), lo, "lo of {ivl}");
        assert_eq!(fuzz_interval(ivl, 0.999_999_999, 36500), hi, "hi of {ivl}");
    }
    assert_eq!(fuzz_interval(100, 0.999_999, 100), 100);
    assert_eq!(fuzz_interval(100, 0.0, 100), 93);
    assert_eq!(fuzz_interval(2, 0.7, 100), 2);
}

#[test]
fn t8_maximum_interval_holds_with_fuzz() {
    let p = Params {
        maximum_interval: 100,
        ..Params::default()
    };
    for u in [0.0, 0.5, 0.999] {
        let mut now = t0();
        let mut state: Option<CardState> = None;
        for g in [E, G, E, G] {
            let o = review(state.as_ref(), g, now, &p, u);
            assert!(o.interval_secs <= 100.0 * DAY);
            now = o.state.due;
            state = Some(o.state);
        }
    }
}

#[test]
fn t9_t10_replay_is_deterministic_and_retention_only_moves_due() {
    let ratings = [G, G, G, G, G, G, A, A, G, G, G, G, G];
    let a = at_due(&no_fuzz(), &ratings);
    let b = at_due(&no_fuzz(), &ratings);
    assert_eq!(a, b);
    // Replay the same review instants with DR 0.8.
    let p8 = Params {
        desired_retention: 0.8,
        ..no_fuzz()
    };
    let mut state: Option<CardState> = None;
    for o in &a {
        let g = ratings[a.iter().position(|x| x == o).unwrap()];
        let r = review(state.as_ref(), g, o.state.last_review, &p8, 0.5);
        assert_eq!(r.state.stability, o.state.stability);
        assert_eq!(r.state.difficulty, o.state.difficulty);
        assert_eq!(r.state.phase, o.state.phase);
        assert!(r.state.due >= o.state.due);
        state = Some(r.state);
    }
}

#[test]
fn fuzz_draw_is_reproducible_and_in_range() {
    assert_eq!(fuzz_draw("deck/card", 3), fuzz_draw("deck/card", 3));
    assert_ne!(fuzz_draw("deck/card", 3), fuzz_draw("deck/card", 4));
    for i in 0..1000 {
        let u = fuzz_draw("x", i);
        assert!((0.0..1.0).contains(&u));
    }
}

fn rating() -> impl Strategy<Value = Rating> {
    prop_oneof![Just(A), Just(H), Just(G), Just(E)]
}

proptest! {
    #[test]
    fn invariants_hold_over_random_histories(
        ratings in proptest::collection::vec(rating(), 1..40),
        gaps in proptest::collection::vec(0.0f64..400.0 * DAY, 40),
        u in 0.0f64..1.0,
        fuzz in any::<bool>(),
    ) {
        let p = Params { enable_fuzz: fuzz, ..Params::default() };
        let mut now = t0();
        let mut state: Option<CardState> = None;
        for (g, gap) in ratings.iter().zip(&gaps) {
            now = add_secs(now, *gap);
            let o = review(state.as_ref(), *g, now, &p, u);
            prop_assert!((1.0..=10.0).contains(&o.state.difficulty));
            prop_assert!(o.state.stability >= S_MIN);
            prop_assert!(o.state.due > now);
            if let Some(s) = &state
                && s.phase == Phase::Review {
                    let ivl = preview(Some(s), now, &p, u).map(|o| o.interval_secs);
                    prop_assert!(ivl[0] <= ivl[1] && ivl[1] <= ivl[2] && ivl[2] <= ivl[3], "{ivl:?}");
                }
            state = Some(o.state);
        }
    }
}

proptest! {
    /// Exam mode: no interval ends after the exam morning (while a day remains), and a card
    /// whose next review falls on or after the exam is predicted to be recalled on the day with
    /// at least the desired retention (what makes a last review unnecessary).
    #[test]
    fn exam_mode_never_schedules_past_the_exam(
        ratings in proptest::collection::vec(rating(), 1..30),
        gaps in proptest::collection::vec(0.0f64..40.0 * DAY, 30),
        exam_in in 1.0f64..400.0,
        u in 0.0f64..1.0,
    ) {
        let deadline = add_secs(t0(), exam_in * DAY);
        let p = Params { deadline: Some(deadline), ..Params::default() };
        let mut now = t0();
        let mut state: Option<CardState> = None;
        for (g, gap) in ratings.iter().zip(&gaps) {
            now = add_secs(now, *gap);
            let o = review(state.as_ref(), *g, now, &p, u);
            if o.state.phase == Phase::Review && crate::domain::time::elapsed_days(now, deadline) >= 1 {
                prop_assert!(o.state.due <= deadline, "due {} after the exam {}", o.state.due, deadline);
            }
            let free = review(state.as_ref(), *g, now, &Params { deadline: None, ..p.clone() }, u);
            if free.state.due > o.state.due {
                // Capped: without exam mode the next review would have come after the exam, so
                // recall on the exam morning is at least the desired retention (up to the
                // rounding of intervals to whole days).
                prop_assert_eq!(free.state.stability, o.state.stability);
                let t = crate::domain::time::elapsed_days(now, deadline) as f64;
                prop_assert!(p.retrievability(t, o.state.stability) >= p.desired_retention - 0.02, "R at the exam {}", p.retrievability(t, o.state.stability));
            }
            state = Some(o.state);
        }
    }
}

#[test]
fn without_a_deadline_nothing_changes_and_with_one_intervals_stop_at_it() {
    let deadline: Timestamp = "2022-12-05T12:30:00Z".parse().unwrap();
    let capped = at_due(
        &Params {
            deadline: Some(deadline),
            ..no_fuzz()
        },
        &[G, G, G],
    );
    // Uncapped the third review (1 Dec 12:40) gives 11 days; the exam is 3 whole days later.
    assert_eq!(capped[2].interval_secs, 3.0 * DAY);
    assert!(capped[2].state.due <= deadline);
    let plain = at_due(&no_fuzz(), &[G, G, G]);
    assert_eq!(plain[2].interval_secs, 11.0 * DAY);
    assert_eq!(
        capped[2].state.stability, plain[2].state.stability,
        "memory is the same; only the date moves"
    );
}

#[test]
fn a_huge_or_tiny_value_in_a_params_error_prints_short() {
    let e = |value: f64| {
        ParamsError::WeightOutOfRange {
            index: 0,
            value,
            lower: 0.001,
            upper: 100.0,
        }
        .to_string()
    };
    assert_eq!(e(1e308), "FSRS weight w[0] = 1e308 is outside [0.001, 100]");
    assert_eq!(
        e(-1e-12),
        "FSRS weight w[0] = -1e-12 is outside [0.001, 100]"
    );
    assert_eq!(e(250.5), "FSRS weight w[0] = 250.5 is outside [0.001, 100]");
    assert_eq!(e(0.0), "FSRS weight w[0] = 0 is outside [0.001, 100]");
    assert_eq!(
        ParamsError::Retention(1e300).to_string(),
        "desired retention must be between 0 and 1 (exclusive), found 1e300"
    );
}
