/** Tailwind CSS 4 runs as a PostCSS plugin in Next.js. */
const config = {
  plugins: { "@tailwindcss/postcss": {} },
};

export default config;
