import { describe, expect, it } from 'vitest';
import { chooseImage, describeImage, imageFix, localImageName } from './container-images.js';

const images = { 'python:3.12-slim-bookworm': 'localhost/obra-validate/python3:bookworm' };
const script = 'scripts/container-image.sh';

describe('container images', () => {
  it('maps the image a scenario names to the local tag of images:, and keeps any other', () => {
    expect(chooseImage('python:3.12-slim-bookworm', images)).toEqual({
      named: 'python:3.12-slim-bookworm',
      image: 'localhost/obra-validate/python3:bookworm',
      mapped: true,
    });
    expect(chooseImage('debian:12', images)).toEqual({
      named: 'debian:12',
      image: 'debian:12',
      mapped: false,
    });
    expect(chooseImage('debian:12', undefined).mapped).toBe(false);
  });

  it('names a mapped image with what it stands for', () => {
    expect(describeImage(chooseImage('python:3.12-slim-bookworm', images))).toBe(
      'localhost/obra-validate/python3:bookworm (for python:3.12-slim-bookworm, mapped by images:)',
    );
    expect(describeImage(chooseImage('debian:12', images))).toBe('debian:12');
  });

  it.each([
    ['localhost/obra-validate/python3:bookworm', 'python3'],
    ['localhost/obra-validate/py-git:bookworm', 'py-git'],
    ['localhost/other:1', undefined],
    ['python:3.12', undefined],
  ])('localImageName(%s) is %s', (image, name) => {
    expect(localImageName(image)).toBe(name);
  });

  it('gives the command that builds a local image', () => {
    const choice = chooseImage('python:3.12-slim-bookworm', images);
    expect(imageFix(choice, 'sandbox', script)).toContain('`scripts/container-image.sh build python3`');
  });

  it('for a registry image, says how to build one and map it', () => {
    const fix = imageFix(chooseImage('debian:12', undefined), 'sandbox', script);
    expect(fix).toContain('`scripts/container-image.sh build python3`');
    expect(fix).toContain('map "debian:12" to it under `images:` in obra-validate.config.yaml');
  });

  it('for Ollama, says that no package ships its binary and what it needs elsewhere', () => {
    const fix = imageFix(chooseImage('ollama/ollama:latest', undefined), 'ollama', script);
    expect(fix).toMatch(/^no Debian or npm package ships the ollama binary/);
    expect(fix).toContain('where a registry serves ollama/ollama:latest');
  });
});
